; Syntax colours for codebook files, with the capture names Neovim, Zed and the tree-sitter
; CLI share (Helix names some of them otherwise: editors/helix/queries/codebook/highlights.scm).

(comment) @comment

(string) @string

[
  (number)
  (date)
] @number

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
  key: (key (identifier) @property))

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
