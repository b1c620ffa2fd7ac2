; Syntax colours for codebook files, with Helix's scope names: the same patterns as
; editors/tree-sitter-codebook/queries/highlights.scm (tests/editors.rs checks that they are),
; with `constant.numeric` for `number` and `variable.other.member` for `property`.

(comment) @comment

(string) @string

[
  (number)
  (date)
] @constant.numeric

[
  "levels"
  "map"
] @keyword

; The words of a declaration's kind (`concept`, `turning point`) and what it declares.
(declaration
  kind: (kind (identifier) @keyword))

(declaration
  name: (identifier) @type)

; `levels concept "First order concepts" -> theme …`: the level names become declaration kinds.
(level
  name: (identifier) @keyword)

(map
  child: (identifier) @variable
  parent: (identifier) @variable)

(property
  key: (key (identifier) @variable.other.member))

; References and words in values: `supports: standups`, `effect: enables`.
(value (identifier) @variable)

[
  (arrow)
  ".."
] @operator

[
  "{"
  "}"
] @punctuation.bracket

[
  ","
  ":"
] @punctuation.delimiter
