/**
 * @file A tree-sitter grammar for codebook files (`.codebook`), for syntax highlighting,
 * folding and structural navigation in editors.
 *
 * The language's reference grammar is the pest grammar of the compiler,
 * `grammar/codebook.pest`; this one follows it rule for rule (the comments name the pest rule).
 * `tests/editors.rs` parses every schema and test file with both: what the compiler's parser
 * accepts must parse here without an ERROR or MISSING node, and what it rejects must have one,
 * so the two cannot drift apart. Where they differ by design, this one accepts more (a comment
 * between the words of a key or a value, two texts without a blank between them); error
 * recovery is tree-sitter's own. A NUL character ends the input for tree-sitter's lexers.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

module.exports = grammar({
  name: 'codebook',

  // pest `sk`: blanks (with the non-breaking spaces word processors leave) and comments.
  // A line break is a token of its own (`_nl`): statements are lines.
  extras: $ => [/[ \t\u00A0\u202F]/, $.comment],

  word: $ => $.identifier,

  // A declaration's kind may be two words (`turning point move`): whether an identifier is
  // the last word of the kind or the declaration's name is known only after the next token.
  conflicts: $ => [[$._words], [$.map, $._words]],

  rules: {
    // pest `item`: an optional byte-order mark, then statements, one a line (blank lines and
    // comment lines between them); the last one may end where the file does.
    source_file: $ => seq(
      optional($.byte_order_mark),
      repeat(choice($._nl, seq($._statement, $._nl))),
      optional($._statement),
    ),

    byte_order_mark: _ => '\uFEFF',

    // pest `statement`.
    _statement: $ => choice($.levels, $.map, $.property, $.declaration),

    // pest `levels_stmt`: `levels concept "First order" -> theme "Second order"`.
    levels: $ => seq(
      'levels',
      $.level,
      repeat(seq($.arrow, repeat($._nl), $.level)),
    ),

    // pest `level`.
    level: $ => seq(field('name', $.identifier), optional(field('label', $.string))),

    // pest `map_stmt`: `map child -> parent`.
    map: $ => seq(
      'map',
      field('child', $.identifier),
      $.arrow,
      field('parent', $.identifier),
    ),

    // pest `entry` followed by `property`: `key: value, value`; a key may be several words
    // (`also under`, a matrix cell's `forming office`). The values may start on the next line.
    property: $ => seq(
      field('key', $.key),
      ':',
      repeat($._nl),
      field('value', $.values),
    ),

    key: $ => choice($._words, alias('levels', $.identifier)),

    // The words of a key or a declaration's kind. The first may be `map` (`map x "X"`, where no
    // arrow follows), and a key may be `levels` alone (`levels: three`): pest tries the `levels`
    // and `map` statements first and reads the line as an entry when they fail, and the
    // `levels` statement fails only where no name follows the word.
    _words: $ => choice(
      seq($.identifier, repeat($.identifier)),
      seq(alias('map', $.identifier), repeat($.identifier)),
    ),

    // pest `entry` followed by `node`: `kind name "Label" values { block }`, each part but the
    // kind optional. What the words mean (kind and identifier) is the compiler's business; here
    // the last of two or more words is the name, the others the kind.
    declaration: $ => seq(
      choice(
        field('kind', alias($._one_word, $.kind)),
        seq(field('kind', $.kind), field('name', $.identifier)),
      ),
      optional(choice(
        seq(
          field('label', $.string),
          optional(field('value', $.values)),
          optional(field('body', $.block)),
        ),
        // Without a label the values cannot start with a name or a text: pest's `key` and
        // `string?` would have taken it.
        seq(
          field('value', alias($._values_after_names, $.values)),
          optional(field('body', $.block)),
        ),
        field('body', $.block),
      )),
    ),

    _one_word: $ => choice(
      $.identifier,
      alias('map', $.identifier),
      alias('levels', $.identifier),
    ),

    kind: $ => $._words,

    // pest `block`: statements, one a line; the last may end at the `}`.
    block: $ => seq(
      '{',
      repeat(choice($._nl, seq($._statement, $._nl))),
      optional($._statement),
      '}',
    ),

    // pest `values`: a value, or several separated by commas (a line may break after a comma).
    values: $ => seq($.value, repeat(seq(',', repeat($._nl), $.value))),
    _values_after_names: $ => seq(
      alias($._value_after_names, $.value),
      repeat(seq(',', repeat($._nl), $.value)),
    ),

    // pest `value`: atoms separated by blanks (`8 interviews`, `whole_team split 2`, `2 h`).
    value: $ => repeat1($._atom),
    _value_after_names: $ => seq(choice($.range, $.date, $.number), repeat($._atom)),

    // pest `atom`.
    _atom: $ => choice($.identifier, $.string, $.range, $.date, $.number),

    // pest `range`: `2025-03 .. 2025-05`, `1 .. 3`.
    range: $ => seq(
      field('start', choice($.date, $.number)),
      '..',
      field('end', choice($.date, $.number)),
    ),

    // pest `arrow`.
    arrow: _ => choice('->', '→'),

    // pest `ident`: a letter, then letters, digits and `_`.
    identifier: _ => /\p{XID_Start}\p{XID_Continue}*/,

    // pest `date`: `2025`, a year alone, is a number.
    date: _ => /\d{4}-\d{2}(-\d{2})?/,

    // pest `number`.
    number: _ => /\d+(\.\d+)?/,

    // pest `string`: `"…"` with backslash escapes, or `"""…"""` in which nothing is special
    // (quote marks right after its closing `"""` belong to the text). Either may span lines.
    string: _ => token(choice(
      /"""([^"]|"[^"]|""[^"])*"""+/,
      /"([^"\\]|\\(.|\r|\n))*"/,
    )),

    // pest `comment`: `#` to the end of the line.
    comment: _ => token(seq('#', /[^\r\n]*/)),

    // pest `nl`: `\n`, `\r\n` or `\r`. An anonymous node (`"\n"`) rather than a hidden one,
    // so that a line break the parser had to make up shows as `(MISSING "\n")`.
    _nl: _ => alias(/\r\n?|\n/, '\n'),
  },
});
