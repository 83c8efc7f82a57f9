//! SSH signatures of the auditor manifest, in the format of `ssh-keygen -Y sign`, so an
//! auditor checks a package with the tool already on their laptop:
//! `ssh-keygen -Y verify -f allowed_signers -I ID -n tracemark-manifest -s manifest.json.sig`.
//! The cryptography is the `ssh-key` crate's (RustCrypto). That crate has no allowed_signers
//! reader, so the one here follows OpenSSH's own (`sshsig.c`, `auth-options.c`, `match.c`,
//! `misc.c`) step by step: a file must mean the same to Tracemark as to `ssh-keygen -Y verify`.

use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

/// The signature namespace of `manifest.json.sig` and `SHA256SUMS.sig`: a signature made for
/// anything else never verifies as one of the package's manifests.
pub const NAMESPACE: &str = "tracemark-manifest";

/// Signs `message` with the Ed25519 OpenSSH private key at `key`: the armored signature text.
pub fn sign(key: &Path, message: &[u8]) -> Result<String, String> {
    let shown = key.display();
    let text =
        std::fs::read(key).map_err(|e| format!("cannot read the signing key `{shown}`: {e}"))?;
    let private = PrivateKey::from_openssh(&text).map_err(|e| {
        format!("`{shown}` is not an OpenSSH private key ({e}); create one with `ssh-keygen -t ed25519 -f KEY`")
    })?;
    if private.is_encrypted() {
        return Err(format!(
            "the signing key `{shown}` is encrypted with a passphrase, which Tracemark cannot ask for; \
             use a key without one kept for signing (`ssh-keygen -t ed25519 -N '' -f KEY`), or remove the passphrase from a copy (`ssh-keygen -p -f COPY`)"
        ));
    }
    if private.algorithm() != Algorithm::Ed25519 {
        return Err(format!(
            "the signing key `{shown}` is {}, not Ed25519; create one with `ssh-keygen -t ed25519`",
            private.algorithm()
        ));
    }
    let signature = private
        .sign(NAMESPACE, HashAlg::Sha512, message)
        .map_err(|e| format!("signing with `{shown}` failed: {e}"))?;
    signature
        .to_pem(LineEnding::LF)
        .map_err(|e| format!("cannot encode the signature: {e}"))
}

/// Checks an armored signature of `message` against the text of an OpenSSH `allowed_signers`
/// file (named `signers_name` in messages) at `time` (Unix seconds), as `ssh-keygen -Y verify`
/// would for any principal: the principals of the line that allows the signing key, or why
/// none does.
pub fn verify(
    allowed_signers: &[u8],
    signers_name: &str,
    message: &[u8],
    signature: &[u8],
    time: i64,
) -> Result<String, String> {
    verify_file(
        "manifest.json",
        allowed_signers,
        signers_name,
        message,
        signature,
        time,
    )
}

/// [`verify`] for the signature of the package file `signed` (`manifest.json` or
/// `SHA256SUMS`), named in messages. Both are signed in the one [`NAMESPACE`]: a signature
/// holds only for the bytes it was made over, so sharing it loses nothing, and one
/// allowed_signers line restricted to `tracemark-manifest` covers both files.
pub fn verify_file(
    signed: &str,
    allowed_signers: &[u8],
    signers_name: &str,
    message: &[u8],
    signature: &[u8],
    time: i64,
) -> Result<String, String> {
    let signature = parse_signature(signature)
        .map_err(|e| e.replacen("manifest.json.sig", &format!("{signed}.sig"), 1))?;
    if signature.namespace() != NAMESPACE {
        return Err(format!(
            "{signed}.sig was made for the namespace `{}`, not `{NAMESPACE}`",
            signature.namespace()
        ));
    }
    // The signature must hold for the key it carries before any line is asked about that key.
    PublicKey::from(signature.public_key().clone())
        .verify(NAMESPACE, message, &signature)
        .map_err(|e| format!("the signature of {signed} does not match it: {e}"))?;
    let mut notes = Vec::new();
    let mut keys = 0;
    for line in parse_allowed_signers(allowed_signers) {
        let signer = match line {
            Ok(signer) => signer,
            Err(e) => {
                notes.push(format!(
                    "{signers_name}:{}: {}, so the line is ignored (as ssh-keygen does)",
                    e.line, e.reason
                ));
                continue;
            }
        };
        keys += 1;
        if signer.key.key_data() != signature.public_key() {
            continue;
        }
        match signer.refusal(time) {
            None => return Ok(signer.principals),
            Some(reason) => notes.push(format!("{signers_name}:{}: {reason}", signer.line)),
        }
    }
    let fingerprint = signature.public_key().fingerprint(HashAlg::Sha256);
    let why = if notes.is_empty() {
        format!("({keys} keys listed)")
    } else {
        notes.truncate(20);
        notes.join("; ")
    };
    Err(format!(
        "{signed}.sig was made by the key {fingerprint}, which {signers_name} does not allow at {}: {why}",
        show_time(time)
    ))
}

/// Reads an armored SSH signature (a leading byte order mark is allowed).
pub fn parse_signature(signature: &[u8]) -> Result<SshSig, String> {
    let text = std::str::from_utf8(signature)
        .map_err(|_| "manifest.json.sig is not an SSH signature: it is not text".to_string())?;
    SshSig::from_pem(text.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("manifest.json.sig is not an SSH signature: {e}"))
}

/// One usable line of an allowed_signers file.
#[derive(Debug, Clone)]
pub struct AllowedSigner {
    /// 1-based line number.
    pub line: usize,
    /// The principals field as written (comma-separated patterns), quotes removed.
    pub principals: String,
    /// `cert-authority`: the key signs certificates, and never matches a plain key.
    pub cert_authority: bool,
    /// `namespaces="..."`: the patterns the signature namespace must match.
    pub namespaces: Option<String>,
    /// `valid-after`, Unix seconds.
    pub valid_after: Option<i64>,
    /// `valid-before`, Unix seconds.
    pub valid_before: Option<i64>,
    /// The public key.
    pub key: PublicKey,
}

impl AllowedSigner {
    /// Why this line does not allow its key to sign a manifest at `time`, if it does not.
    pub fn refusal(&self, time: i64) -> Option<String> {
        if self.cert_authority {
            return Some(
                "a cert-authority line allows certificates its key signed, never the plain key"
                    .into(),
            );
        }
        // A line whose principals are all negated matches no identity `ssh-keygen -I` takes.
        if self.principals.split(',').all(|p| p.starts_with('!')) {
            return Some(format!(
                "the principals `{}` match no identity (every pattern is negated)",
                self.principals
            ));
        }
        if let Some(list) = &self.namespaces
            && match_pattern_list(NAMESPACE, list) != Match::Yes
        {
            return Some(format!(
                "namespaces=\"{list}\" does not permit the namespace `{NAMESPACE}`"
            ));
        }
        if let Some(after) = self.valid_after
            && time < after
        {
            return Some(format!(
                "the key is not valid yet: valid-after {} is after the verification time {}",
                show_time(after),
                show_time(time)
            ));
        }
        if let Some(before) = self.valid_before
            && time > before
        {
            return Some(format!(
                "the key has expired: valid-before {} is before the verification time {}",
                show_time(before),
                show_time(time)
            ));
        }
        None
    }
}

/// Why a line of an allowed_signers file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub reason: String,
}

/// Every line of an allowed_signers file that is not blank or a comment, read as
/// `ssh-keygen -Y verify` reads it: `principals [options] keytype base64 [comment]`.
pub fn parse_allowed_signers(text: &[u8]) -> Vec<Result<AllowedSigner, LineError>> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    let mut lines = Vec::new();
    for (index, raw) in text.split(|&b| b == b'\n').enumerate() {
        // OpenSSH works on C strings: a NUL ends the line.
        let raw = raw.split(|&b| b == 0).next().unwrap_or_default();
        let line = String::from_utf8_lossy(raw);
        let line = line.trim_start_matches(WHITESPACE);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        lines.push(parse_line(line, index + 1).map_err(|reason| LineError {
            line: index + 1,
            reason,
        }));
    }
    lines
}

/// OpenSSH's `WHITESPACE`.
const WHITESPACE: &[char] = &[' ', '\t', '\r', '\n'];

fn parse_line(line: &str, number: usize) -> Result<AllowedSigner, String> {
    let (principals, rest) = principals_field(line).ok_or("invalid line")?;
    let (options, key) = match read_key(rest) {
        Some(key) => ("", key),
        None => {
            // No key where the key would be: what comes first is the options field, which
            // ends at the first space or tab outside double quotes.
            let end = options_end(rest).ok_or("invalid options: unterminated quote")?;
            let (options, after) = rest.split_at(end);
            let after = after.trim_start_matches([' ', '\t']);
            if after.trim_end_matches(WHITESPACE).is_empty() {
                return Err("missing key".into());
            }
            let key = read_key(after).ok_or("invalid key (or a key type Tracemark cannot read)")?;
            (options, key)
        }
    };
    let mut signer = AllowedSigner {
        line: number,
        principals,
        cert_authority: false,
        namespaces: None,
        valid_after: None,
        valid_before: None,
        key,
    };
    parse_options(options, &mut signer).map_err(|e| format!("bad options: {e}"))?;
    Ok(signer)
}

/// The first field, as OpenSSH's `strdelimw` cuts it: up to whitespace, or a double-quoted
/// part with its quotes removed; then the rest of the line after the whitespace that follows.
fn principals_field(line: &str) -> Option<(String, &str)> {
    let at = line.find(['"', ' ', '\t', '\r', '\n'])?;
    if line[at..].starts_with('"') {
        let close = at + 1 + line[at + 1..].find('"')?;
        let token = format!("{}{}", &line[..at], &line[at + 1..close]);
        return Some((token, line[close + 1..].trim_start_matches(WHITESPACE)));
    }
    Some((
        line[..at].to_string(),
        line[at + 1..].trim_start_matches(WHITESPACE),
    ))
}

/// Where an options field ends (OpenSSH's `sshkey_advance_past_options`): the first space or
/// tab outside double quotes (`\"` is a quote inside them); `None` if a quote is left open.
fn options_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quoted = false;
    let mut i = 0;
    while i < bytes.len() && (quoted || (bytes[i] != b' ' && bytes[i] != b'\t')) {
        if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'"') {
            i += 1;
        } else if bytes[i] == b'"' {
            quoted = !quoted;
        }
        i += 1;
    }
    (!quoted).then_some(i)
}

/// A public key `keytype base64` at the start of `text` (OpenSSH's `sshkey_read`).
fn read_key(text: &str) -> Option<PublicKey> {
    let (kind, rest) = text.split_once([' ', '\t'])?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let blob = rest.split(WHITESPACE).next().unwrap_or_default();
    if kind.is_empty() || blob.is_empty() {
        return None;
    }
    PublicKey::from_openssh(&format!("{kind} {blob}")).ok()
}

/// The options field (OpenSSH's `sshsigopt_parse`): option names case-insensitive, values in
/// double quotes, case-sensitive.
fn parse_options(mut opts: &str, signer: &mut AllowedSigner) -> Result<(), String> {
    while !opts.is_empty() && !opts.starts_with([' ', '\t']) {
        if let Some(rest) = strip_prefix_ignore_case(opts, "cert-authority") {
            signer.cert_authority = true;
            opts = rest;
        } else if let Some(rest) = option_value(opts, "namespaces") {
            if signer.namespaces.is_some() {
                return Err("multiple \"namespaces\" clauses".into());
            }
            let (value, rest) = dequote(rest)?;
            signer.namespaces = Some(value);
            opts = rest;
        } else if let Some(rest) = option_value(opts, "valid-after") {
            if signer.valid_after.is_some() {
                return Err("multiple \"valid-after\" clauses".into());
            }
            let (value, rest) = dequote(rest)?;
            let time =
                parse_time(&value).map_err(|e| format!("invalid \"valid-after\" time: {e}"))?;
            signer.valid_after = Some(time);
            opts = rest;
        } else if let Some(rest) = option_value(opts, "valid-before") {
            if signer.valid_before.is_some() {
                return Err("multiple \"valid-before\" clauses".into());
            }
            let (value, rest) = dequote(rest)?;
            let time =
                parse_time(&value).map_err(|e| format!("invalid \"valid-before\" time: {e}"))?;
            signer.valid_before = Some(time);
            opts = rest;
        }
        // Nothing known here: an empty option (`,,` or a leading `,`) is skipped, as OpenSSH
        // skips it; anything else is an unknown option.
        if opts.is_empty() || opts.starts_with([' ', '\t']) {
            break;
        }
        let Some(rest) = opts.strip_prefix(',') else {
            let name = opts.split([',', '=', ' ', '\t']).next().unwrap_or_default();
            return Err(format!(
                "unknown option `{}` (allowed: cert-authority, namespaces, valid-after, valid-before)",
                name.escape_debug()
            ));
        };
        if rest.is_empty() {
            return Err("unexpected end of options after `,`".into());
        }
        opts = rest;
    }
    if let (Some(after), Some(before)) = (signer.valid_after, signer.valid_before)
        && before <= after
    {
        return Err("\"valid-before\" time is before \"valid-after\"".into());
    }
    Ok(())
}

/// `text` after `prefix`, compared ignoring ASCII case (OpenSSH's `strncasecmp`).
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The text after `name=` (the name in any case).
fn option_value<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    strip_prefix_ignore_case(text, name)?.strip_prefix('=')
}

/// A double-quoted value (`\"` inside is a quote) and the text after it (OpenSSH's
/// `opt_dequote`).
fn dequote(text: &str) -> Result<(String, &str), String> {
    let body = text.strip_prefix('"').ok_or("missing start quote")?;
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((value, &body[i + 1..])),
            '\\' if body[i + 1..].starts_with('"') => {
                value.push('"');
                chars.next();
            }
            c => value.push(c),
        }
    }
    Err("missing end quote".into())
}

/// A time as `ssh-keygen` reads it (`valid-after`, `valid-before`, `-O verify-time`):
/// `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, in UTC with a trailing `Z` (or `UTC`),
/// otherwise in the local time zone. Unix seconds, which must be after 1970-01-01T00:00:00Z.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let (digits, utc) = if text.len() > 1 && text.ends_with(['z', 'Z']) {
        (&text[..text.len() - 1], true)
    } else if text.len() > 3
        && text
            .get(text.len() - 3..)
            .is_some_and(|t| t.eq_ignore_ascii_case("utc"))
    {
        (&text[..text.len() - 3], true)
    } else {
        (text, false)
    };
    let bad = || {
        format!(
            "`{}` is not a time YYYYMMDD[Z], YYYYMMDDHHMM[Z] or YYYYMMDDHHMMSS[Z]",
            text.escape_debug()
        )
    };
    if !matches!(digits.len(), 8 | 12 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let field = |at: usize, len: usize| -> i64 {
        digits
            .get(at..at + len)
            .and_then(|d| d.parse().ok())
            .unwrap_or(0)
    };
    let (month, day, hour, minute, second) = (
        field(4, 2),
        field(6, 2),
        field(8, 2),
        field(10, 2),
        field(12, 2),
    );
    // The ranges strptime accepts; a day past the month's end rolls over, as mktime does.
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 61
    {
        return Err(bad());
    }
    let naive: NaiveDateTime = NaiveDate::from_ymd_opt(field(0, 4) as i32, month as u32, 1)
        .ok_or_else(bad)?
        .and_hms_opt(0, 0, 0)
        .ok_or_else(bad)?
        + Duration::days(day - 1)
        + Duration::seconds(hour * 3600 + minute * 60 + second);
    let seconds = if utc {
        naive.and_utc().timestamp()
    } else {
        chrono::Local
            .from_local_datetime(&naive)
            .earliest()
            .ok_or_else(|| format!("`{text}` does not exist in the local time zone"))?
            .timestamp()
    };
    if seconds <= 0 {
        return Err(format!("`{text}` is not after 1970-01-01T00:00:00Z"));
    }
    Ok(seconds)
}

/// Unix seconds as an RFC 3339 UTC time, for messages.
pub fn show_time(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| format!("{seconds} (Unix time)"))
}

/// The outcome of matching a string against a comma-separated pattern list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// A positive pattern matched and no negated one did.
    Yes,
    /// No pattern matched (or a pattern was too long, which OpenSSH treats alike).
    No,
    /// A negated pattern (`!x`) matched.
    Negated,
}

/// OpenSSH's `match_pattern_list`, case-sensitive: patterns separated by `,`, each with `*`
/// and `?` wildcards, `!` negating one; the first negated match decides.
pub fn match_pattern_list(text: &str, list: &str) -> Match {
    let mut positive = false;
    let mut rest = list.as_bytes();
    while !rest.is_empty() {
        let negated = rest[0] == b'!';
        if negated {
            rest = &rest[1..];
        }
        let end = rest.iter().position(|&b| b == b',').unwrap_or(rest.len());
        let pattern = &rest[..end];
        // OpenSSH copies each pattern into a 1024-byte buffer and gives up on longer ones.
        if pattern.len() >= 1023 {
            return Match::No;
        }
        rest = rest.get(end + 1..).unwrap_or_default();
        if wildcard_match(text.as_bytes(), pattern) {
            if negated {
                return Match::Negated;
            }
            positive = true;
        }
    }
    if positive { Match::Yes } else { Match::No }
}

/// `*` (any run) and `?` (any one byte) matching, in linear space and quadratic time at worst.
fn wildcard_match(text: &[u8], pattern: &[u8]) -> bool {
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            t += 1;
            p += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An unencrypted Ed25519 key made from a fixed seed, for these tests only.
    fn test_key() -> PrivateKey {
        PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[7; 32]))
    }

    fn write_key(dir: &Path) -> std::path::PathBuf {
        let key = dir.join("key");
        std::fs::write(
            &key,
            test_key().to_openssh(LineEnding::LF).unwrap().as_bytes(),
        )
        .unwrap();
        key
    }

    fn public() -> String {
        test_key().public_key().to_openssh().unwrap()
    }

    fn allowed(principal: &str) -> String {
        format!("{principal} {}\n", public())
    }

    /// 2026-12-01T00:00:00Z.
    const NOW: i64 = 1_796_083_200;

    fn signed() -> String {
        let dir = tempfile::tempdir().unwrap();
        sign(&write_key(dir.path()), b"{\"files\": []}\n").unwrap()
    }

    fn check(signers: &str) -> Result<String, String> {
        verify(
            signers.as_bytes(),
            "allowed_signers",
            b"{\"files\": []}\n",
            signed().as_bytes(),
            NOW,
        )
    }

    #[test]
    fn a_signed_manifest_verifies_and_any_change_does_not() {
        let signature = signed();
        assert!(signature.starts_with("-----BEGIN SSH SIGNATURE-----"));
        let signers = allowed("auditor@example.com");
        assert_eq!(check(&signers).unwrap(), "auditor@example.com");
        let changed = verify(
            signers.as_bytes(),
            "s",
            b"{\"files\": [1]}\n",
            signature.as_bytes(),
            NOW,
        );
        assert!(changed.unwrap_err().contains("does not match"));
        assert!(check("# nobody\n").is_err());
    }

    #[test]
    fn namespaces_are_case_sensitive_patterns() {
        let key = public();
        for (namespaces, allowed) in [
            ("tracemark-manifest", true),
            ("tracemark-*", true),
            ("git,tracemark-manifes?", true),
            ("a b,tracemark-*", true),
            ("Tracemark-*", false),
            ("other", false),
            ("*,!tracemark-manifest", false),
            ("!tracemark-manifest,*", false),
            ("", false),
        ] {
            let line = format!("ci@example.com namespaces=\"{namespaces}\" {key}\n");
            assert_eq!(check(&line).is_ok(), allowed, "{line}");
        }
        let upper = format!("ci@example.com NameSpaces=\"tracemark-*\" {key}\n");
        assert_eq!(check(&upper).unwrap(), "ci@example.com");
        let refused = check(&format!("ci namespaces=\"other\" {key}\n")).unwrap_err();
        assert!(
            refused.contains("allowed_signers:1: namespaces=\"other\""),
            "{refused}"
        );
    }

    #[test]
    fn validity_is_checked_against_the_verification_time() {
        let key = public();
        let retired = format!("old valid-before=\"20200101\" {key}\n");
        let expired = check(&retired).unwrap_err();
        assert!(
            expired.contains("allowed_signers:1: the key has expired"),
            "{expired}"
        );
        let early = format!("new valid-after=\"20270101Z\" {key}\n");
        assert!(check(&early).unwrap_err().contains("not valid yet"));
        let window = format!("now Valid-After=\"20261130\",valid-before=\"202612010000Z\" {key}\n");
        assert_eq!(check(&window).unwrap(), "now", "valid-before is inclusive");
        // The line that allows the key names the signer, not the first line with the key.
        let both = format!("{retired}{early}current@example.com {key}\n");
        assert_eq!(check(&both).unwrap(), "current@example.com");
    }

    #[test]
    fn lines_that_cannot_be_used_are_ignored_and_named() {
        let key = public();
        for (line, reason) in [
            (format!("ci foo=\"x\" {key}"), "unknown option `foo`"),
            (
                format!("ci valid-before=20200101 {key}"),
                "missing start quote",
            ),
            (
                format!("ci valid-before=\"2020010\" {key}"),
                "invalid \"valid-before\" time",
            ),
            (
                format!("ci namespaces=\"a\",namespaces=\"b\" {key}"),
                "multiple",
            ),
            (format!("ci cert-authority, {key}"), "unexpected end"),
            (format!("ci cert-authorityx {key}"), "unknown option `x`"),
            (format!("ci namespaces=\"open {key}"), "unterminated quote"),
            ("ci".to_string(), "invalid line"),
            ("ci ssh-ed25519 AAAA".to_string(), "invalid key"),
            (
                format!("ci valid-after=\"20260101\",valid-before=\"20250101\" {key}"),
                "before \"valid-after\"",
            ),
        ] {
            let parsed = parse_allowed_signers(line.as_bytes());
            let error = parsed[0].as_ref().unwrap_err();
            assert!(error.reason.contains(reason), "{line}: {error:?}");
            let refused = check(&line).unwrap_err();
            assert!(refused.contains("allowed_signers:1:"), "{refused}");
        }
        // Empty options are skipped, as OpenSSH skips them.
        let empty = format!("ci ,,namespaces=\"tracemark-*\" {key}");
        assert_eq!(check(&empty).unwrap(), "ci");
        // A broken line does not stop the lines after it.
        let later = format!("ci foo=\"x\" {key}\n\n  # comment\nlater {key}\n");
        assert_eq!(check(&later).unwrap(), "later");
    }

    #[test]
    fn a_line_whose_principals_are_all_negated_allows_no_one() {
        let refused = check(&format!("!ci@example.com,!x {}\n", public())).unwrap_err();
        assert!(refused.contains("match no identity"), "{refused}");
    }

    #[test]
    fn a_cert_authority_line_never_matches_the_plain_key() {
        let key = public();
        let refused = check(&format!("ci CERT-AUTHORITY {key}\n")).unwrap_err();
        assert!(refused.contains("cert-authority"), "{refused}");
    }

    #[test]
    fn principals_and_quoted_values_are_read_as_openssh_reads_them() {
        let key = public();
        let line = format!("*@example.com,!bad@example.com namespaces=\"x y,tracemark-*\" {key} c");
        let signer = parse_allowed_signers(line.as_bytes()).remove(0).unwrap();
        assert_eq!(signer.principals, "*@example.com,!bad@example.com");
        assert_eq!(signer.namespaces.as_deref(), Some("x y,tracemark-*"));
        let quoted = format!("\"a b\" {key}\r\n");
        let signer = parse_allowed_signers(quoted.as_bytes()).remove(0).unwrap();
        assert_eq!(signer.principals, "a b");
        let escaped = format!("ci namespaces=\"q\\\"x\" {key}");
        let signer = parse_allowed_signers(escaped.as_bytes()).remove(0).unwrap();
        assert_eq!(signer.namespaces.as_deref(), Some("q\"x"));
    }

    #[test]
    fn pattern_lists_match_as_openssh_does() {
        assert_eq!(
            match_pattern_list("alice@example.com", "*@example.com"),
            Match::Yes
        );
        assert_eq!(match_pattern_list("alice", "bob,al?ce"), Match::Yes);
        assert_eq!(match_pattern_list("alice", "*,!alice"), Match::Negated);
        assert_eq!(match_pattern_list("alice", "Alice"), Match::No);
        assert_eq!(match_pattern_list("alice", "!bob"), Match::No);
        assert_eq!(match_pattern_list("", ""), Match::No);
        assert_eq!(match_pattern_list("a", &"*".repeat(1023)), Match::No);
        assert!(wildcard_match(b"", b"***"));
        assert!(!wildcard_match(
            &[b'a'; 200],
            &[b"*a".repeat(60), b"b".to_vec()].concat()
        ));
    }

    #[test]
    fn times_are_read_as_ssh_keygen_reads_them() {
        assert_eq!(parse_time("20200101Z").unwrap(), 1_577_836_800);
        assert_eq!(parse_time("20200101utc").unwrap(), 1_577_836_800);
        assert_eq!(parse_time("202001010130Z").unwrap(), 1_577_842_200);
        assert_eq!(parse_time("20200101013001Z").unwrap(), 1_577_842_201);
        // A day past the month's end rolls over, as mktime does.
        assert_eq!(
            parse_time("20200231Z").unwrap(),
            parse_time("20200302Z").unwrap()
        );
        for bad in [
            "",
            "Z",
            "2020010",
            "2020-01-01",
            "20201301Z",
            "202001012400Z",
            "19700101Z",
            "２０２００１０１",
        ] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        assert!(parse_time("20200101").is_ok(), "local time");
    }

    #[test]
    fn a_key_that_is_not_a_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key");
        std::fs::write(&key, "not a key").unwrap();
        assert!(
            sign(&key, b"x")
                .unwrap_err()
                .contains("not an OpenSSH private key")
        );
    }
}
