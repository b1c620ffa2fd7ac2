(string) @string
(comment) @comment
