//! Actors (organisations and their members) and groups of actors.

use super::*;

impl Lowerer {
    pub(super) fn actor(&mut self, n: &Node, member_of: Option<usize>) {
        let id = self.need_name(n);
        let label = self.need_label(n, "a name");
        self.no_values(n);
        let spec = match member_of {
            Some(_) => &schema::MEMBER,
            None => &schema::ACTOR,
        };
        let mut parts = self.parts(n, Some(spec));
        let abbreviation = self.text_field(&mut parts.fields, "abbreviation", "an abbreviation");
        let description = self.text_field(&mut parts.fields, "description", "a description");
        self.leftovers(parts.fields);
        self.maps_not_allowed(&parts.maps, "an actor");
        let index = match (id, label) {
            (Some(id), Some(label)) => {
                self.cb.actors.push(Actor {
                    id,
                    label,
                    abbreviation,
                    description,
                    member_of: member_of.map(ActorId::from_index),
                    span: n.span.clone(),
                });
                Some(self.cb.actors.len() - 1)
            }
            _ => None,
        };
        for child in parts.nodes {
            if child.kind.name == "member" && member_of.is_none() {
                if let Some(i) = index {
                    self.actor(child, Some(i));
                }
            } else if child.kind.name == "member" {
                self.push(
                    Diagnostic::new(
                        C::UnknownDeclaration,
                        child.kind.span.clone(),
                        "a member cannot have members of its own",
                    )
                    .label("nested too deep")
                    .help("declare it as a member of the organisation itself"),
                );
            } else {
                self.unknown_kind(child, &child.kind.name, "inside an actor", &["member"]);
            }
        }
    }

    pub(super) fn group(&mut self, n: &Node) {
        let id = self.need_name(n);
        let label = match &n.label {
            Some(s) if s.value.trim().is_empty() => {
                self.push(empty(s.span.clone(), "a group label"));
                None
            }
            Some(s) => Some(text(s)),
            None => None,
        };
        self.no_values(n);
        let mut parts = self.parts(n, Some(&schema::GROUP));
        let members = parts.fields.take("members").map(|p| self.names(p));
        self.leftovers(parts.fields);
        self.no_children(&parts.nodes, "a group");
        self.maps_not_allowed(&parts.maps, "a group");
        let Some(id) = id else { return };
        let Some(members) = members else {
            self.push(
                Diagnostic::new(
                    C::MissingProperty,
                    n.head_span(),
                    format!("the group `{}` has no members", id.id),
                )
                .label("no `members:`")
                .help("list its actors: `members: hc, hi1`"),
            );
            return;
        };
        self.cb.groups.push(Group {
            id,
            label,
            members,
            span: n.span.clone(),
        });
    }
}
