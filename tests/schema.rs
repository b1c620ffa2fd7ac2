//! The declarations described once (`codebook::model::schema`) and everything that reads the
//! description: lowering takes every property listed (and nothing else), and the README's
//! reference table is the one the schema generates.

use codebook::diagnostics::DiagnosticCode;
use codebook::model::schema::{self, DECLARATIONS, Declaration};

/// A codebook holding `d` with every property it lists, each given its example value.
fn with_every_property(d: &Declaration) -> String {
    let mut block = format!("{} {{\n", d.head);
    for p in d.properties {
        block.push_str(&format!("  {}: {}\n", p.name, p.example));
    }
    block.push_str("}\n");
    if d.properties.is_empty() {
        block = format!("{}\n", d.head);
    }
    match d.kind {
        "concept" => format!("structure s \"S\" {{\n{block}}}\n"),
        "member" => format!("actor org \"Organisation\" {{\n{block}}}\n"),
        _ => block,
    }
}

/// `d` with only `p` of its properties (properties may exclude each other: `by` and `from`).
fn with_one(d: &Declaration, p: &schema::Property) -> String {
    let mut e = Declaration { ..*d };
    let one = [schema::Property { ..*p }];
    let props: &'static [schema::Property] = Box::leak(Box::new(one));
    e.properties = props;
    with_every_property(&e)
}

#[test]
fn lowering_reads_every_property_the_schema_lists() {
    for d in DECLARATIONS {
        for p in d.properties {
            let source = with_one(d, p);
            let outcome = codebook::compile(&source);
            let unread: Vec<String> = outcome
                .diagnostics
                .iter()
                .filter(|x| {
                    matches!(
                        x.code,
                        DiagnosticCode::UnknownProperty
                            | DiagnosticCode::InvalidValue
                            | DiagnosticCode::InvalidDate
                            | DiagnosticCode::SyntaxError
                            | DiagnosticCode::DuplicateProperty
                    )
                })
                .map(|x| x.message.clone())
                .collect();
            assert!(
                unread.is_empty(),
                "{}: `{}` with its example is not read:\n{source}\n{unread:?}",
                d.kind,
                p.name
            );
        }
    }
}

#[test]
fn a_property_another_kind_takes_is_refused() {
    // Every property of every declaration, tried on every other declaration that does not
    // list it (and is not open to attributes of the author's own): always unknown_property.
    for d in DECLARATIONS.iter().filter(|d| !d.open) {
        for other in DECLARATIONS {
            for p in other.properties {
                if d.property(p.name).is_some() {
                    continue;
                }
                let source = with_one(d, p);
                let outcome = codebook::compile(&source);
                assert!(
                    outcome
                        .diagnostics
                        .iter()
                        .any(|x| x.code == DiagnosticCode::UnknownProperty),
                    "{}: `{}` is taken silently:\n{source}",
                    d.kind,
                    p.name
                );
            }
        }
    }
}

#[test]
fn the_readme_reference_is_the_schemas() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let start = readme
        .find("<!-- reference: generated")
        .and_then(|i| readme[i..].find('\n').map(|k| i + k + 1))
        .expect("the README has the reference's start marker");
    let end = readme
        .find("<!-- reference:end -->")
        .expect("the README has the reference's end marker");
    let table = &readme[start..end];
    let expected = schema::reference_markdown();
    if table != expected {
        panic!("README.md's reference table is not the schema's; replace it with:\n\n{expected}");
    }
}
