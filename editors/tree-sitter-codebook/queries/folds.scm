; A block folds: a structure, a code with its children, a quote with its properties.
(block) @fold
