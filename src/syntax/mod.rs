//! Stage 1, syntax: source text to a syntax tree ([`ast::Document`]).

pub mod ast;
mod parser;
pub mod text;

pub use parser::{MAX_DEPTH, MAX_FILE_BYTES, each_statement, levels_statements, parse};
