//! Stage 1, syntax: source text to a syntax tree ([`ast::Document`]).

pub mod ast;
pub(crate) mod messages;
mod parser;
pub mod text;

pub use messages::{IDENTIFIER_RULE, fixed_identifier};
pub(crate) use parser::prose_line;

pub use parser::{
    MAX_DEPTH, MAX_FILE_BYTES, MAX_SYNTAX_ERRORS, Piece, SyntaxErrors, each_piece, each_statement,
    is_identifier, levels_statements, parse, parse_recovering,
};
