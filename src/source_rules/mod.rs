//! Rules over the source tree itself, checked as tests so that they hold for every file
//! without a list to keep up to date: the pipeline order of imports and one module style
//! ([`layering`]), and functions short enough to read as a table of contents
//! ([`function_length`]).

mod function_length;
mod layering;
