//! SSH signatures of the auditor manifest, in the format of `ssh-keygen -Y sign`, so an
//! auditor checks a package with the tool already on their laptop:
//! `ssh-keygen -Y verify -f allowed_signers -I ID -n tracemark-manifest -s manifest.json.sig`.
//! The cryptography is the `ssh-key` crate's (RustCrypto); nothing here is hand-written.

use std::path::Path;

use ssh_key::{Algorithm, HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

/// The signature namespace: a signature made for anything else never verifies as a manifest.
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

/// Checks an armored signature of `message` against an OpenSSH `allowed_signers` file's text:
/// the principal whose key made it, or why it does not verify.
pub fn verify(allowed_signers: &str, message: &[u8], signature: &str) -> Result<String, String> {
    let signature = SshSig::from_pem(signature.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("manifest.json.sig is not an SSH signature: {e}"))?;
    if signature.namespace() != NAMESPACE {
        return Err(format!(
            "manifest.json.sig was made for the namespace `{}`, not `{NAMESPACE}`",
            signature.namespace()
        ));
    }
    let signers = signers(allowed_signers);
    let Some((principal, key)) = signers
        .iter()
        .find(|(_, key)| key.key_data() == signature.public_key())
    else {
        return Err(format!(
            "manifest.json.sig was made by a key the allowed signers do not list ({} keys listed)",
            signers.len()
        ));
    };
    key.verify(NAMESPACE, message, &signature)
        .map_err(|e| format!("the signature of manifest.json does not match it: {e}"))?;
    Ok(principal.clone())
}

/// The (principals, key) lines of an `allowed_signers` file (see ssh-keygen(1)), skipping
/// comments, blank lines and keys restricted to other namespaces.
fn signers(text: &str) -> Vec<(String, PublicKey)> {
    let mut found = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() || words[0].starts_with('#') {
            continue;
        }
        // principals [options] keytype base64 [comment]
        let Some(at) = (1..words.len()).find(|&i| {
            words.get(i + 1).is_some()
                && PublicKey::from_openssh(&format!("{} {}", words[i], words[i + 1])).is_ok()
        }) else {
            continue;
        };
        let options = &words[1..at];
        let namespaces = options.iter().find_map(|o| {
            o.to_ascii_lowercase()
                .strip_prefix("namespaces=")
                .map(str::to_string)
        });
        if let Some(list) = namespaces
            && !list.trim_matches('"').split(',').any(|n| n == NAMESPACE)
        {
            continue;
        }
        if let Ok(key) = PublicKey::from_openssh(&format!("{} {}", words[at], words[at + 1])) {
            found.push((words[0].to_string(), key));
        }
    }
    found
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

    fn allowed(principal: &str) -> String {
        format!(
            "{principal} {}\n",
            test_key().public_key().to_openssh().unwrap()
        )
    }

    #[test]
    fn a_signed_manifest_verifies_and_any_change_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let key = write_key(dir.path());
        let signature = sign(&key, b"{\"files\": []}\n").unwrap();
        assert!(signature.starts_with("-----BEGIN SSH SIGNATURE-----"));
        let signers = allowed("auditor@example.com");
        assert_eq!(
            verify(&signers, b"{\"files\": []}\n", &signature).unwrap(),
            "auditor@example.com"
        );
        assert!(verify(&signers, b"{\"files\": [1]}\n", &signature).is_err());
        let other_namespace = format!(
            "auditor@example.com namespaces=\"git\" {}",
            signers.split_once(' ').unwrap().1
        );
        assert!(verify(&other_namespace, b"{\"files\": []}\n", &signature).is_err());
        assert!(verify("# nobody\n", b"{\"files\": []}\n", &signature).is_err());
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
