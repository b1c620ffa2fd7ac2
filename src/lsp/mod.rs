//! `codebook lsp`: a Language Server Protocol server, for editors.
//!
//! Synchronous and single-threaded, over [`lsp_server`]'s connection (rust-analyzer's): the
//! compiler re-checks a paper-size codebook in milliseconds, so a request is answered in
//! turn, with the document as it stands; changes already queued behind one are applied
//! together and checked once. [`transport`] reads stdin and writes stdout; a test
//! drives [`serve`] through [`lsp_server::Connection::memory`].
//!
//! Every feature uses the library's public entry points: [`crate::validate`] for diagnostics,
//! [`crate::syntax::parse_recovering`], [`crate::model::lower`] and [`crate::check::check`]
//! for navigation (so a file with errors still has an outline and links for what parsed),
//! [`crate::format::format`] for formatting. Positions are counted as the client asks
//! (`positionEncoding`: UTF-16 unless it offers UTF-8), see [`document`].

pub mod document;
mod features;
pub mod transport;

use document::{Document, Encoding};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{InitializeParams, PositionEncodingKind, ServerInfo, notification, request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, VecDeque};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Serve one client over stdin and stdout until it says `exit` or closes the stream.
pub fn run() -> Result<(), String> {
    let (connection, threads) = transport::stdio();
    let result = serve(&connection);
    drop(connection);
    threads.join();
    result
}

/// Serve one client over `connection`: the `initialize` handshake, then every request and
/// notification until `shutdown` and `exit` (or until the client goes away).
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("no initialize request: {e}"))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = negotiate(&params);
    let capabilities = features::capabilities(match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
    });
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "codebook".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("the client broke off the handshake: {e}"))?;
    let mut server = Server {
        connection,
        encoding,
        documents: HashMap::new(),
        held: VecDeque::new(),
    };
    loop {
        let message = match server.held.pop_front() {
            Some(m) => m,
            None => match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => break,
            },
        };
        match message {
            Message::Request(request) => {
                if request.method == request::Shutdown::METHOD {
                    server.reply(Response::new_ok(request.id, ()));
                    return server.await_exit();
                }
                let response = server.request(request);
                server.reply(response);
            }
            Message::Notification(n) if n.method == notification::Exit::METHOD => {
                return Err("exit without shutdown".into());
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// UTF-8 when the client offers it (spans are bytes, so nothing is converted), else UTF-16.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

/// The server's state: the open documents, by URI.
struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    documents: HashMap<String, Document>,
    /// Messages read while looking for more changes to a document (see `catch_up`), to be
    /// handled next, in order.
    held: VecDeque<Message>,
}

/// An error answered to a request.
pub(crate) struct Failure {
    code: ErrorCode,
    message: String,
}

impl Failure {
    /// A request whose parameters are wrong (a document that is not open, say).
    pub(crate) fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::InvalidParams,
            message: message.into(),
        }
    }

    /// A request that cannot be carried out (a rename to a taken name, say).
    pub(crate) fn refused(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::RequestFailed,
            message: message.into(),
        }
    }
}

impl Server<'_> {
    fn reply(&self, response: Response) {
        // A client that has gone away is noticed when the receiver ends.
        let _ = self.connection.sender.send(Message::Response(response));
    }

    fn notify<N: notification::Notification>(&self, params: N::Params) {
        let message = Notification::new(N::METHOD.into(), params);
        let _ = self.connection.sender.send(Message::Notification(message));
    }

    fn await_exit(&self) -> Result<(), String> {
        for message in &self.connection.receiver {
            match message {
                Message::Notification(n) if n.method == notification::Exit::METHOD => {
                    return Ok(());
                }
                Message::Request(r) => self.reply(Response::new_err(
                    r.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down".into(),
                )),
                _ => {}
            }
        }
        Ok(())
    }

    /// Answer a request. A handler that panics (a bug) is answered with an internal error,
    /// and the server goes on.
    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match catch_unwind(AssertUnwindSafe(|| self.dispatch(request))) {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(f)) => Response::new_err(id, f.code as i32, f.message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "the server failed on this request (a bug: please report it)".into(),
            ),
        }
    }

    fn dispatch(&mut self, r: Request) -> Result<serde_json::Value, Failure> {
        use features::{completion, diagnostics, format, hover, navigation, outline};
        match r.method.as_str() {
            request::DocumentSymbolRequest::METHOD => self
                .on::<request::DocumentSymbolRequest, _>(r, |s, p| {
                    outline::symbols(s.doc(&p.text_document.uri)?)
                }),
            request::GotoDefinition::METHOD => self.on::<request::GotoDefinition, _>(r, |s, p| {
                let at = &p.text_document_position_params;
                navigation::definition(
                    s.doc(&at.text_document.uri)?,
                    &at.text_document.uri,
                    at.position,
                )
            }),
            request::References::METHOD => self.on::<request::References, _>(r, |s, p| {
                let at = &p.text_document_position;
                let doc = s.doc(&at.text_document.uri)?;
                navigation::references(
                    doc,
                    &at.text_document.uri,
                    at.position,
                    p.context.include_declaration,
                )
            }),
            request::DocumentHighlightRequest::METHOD => self
                .on::<request::DocumentHighlightRequest, _>(r, |s, p| {
                    let at = &p.text_document_position_params;
                    navigation::highlights(s.doc(&at.text_document.uri)?, at.position)
                }),
            request::PrepareRenameRequest::METHOD => self
                .on::<request::PrepareRenameRequest, _>(r, |s, p| {
                    navigation::prepare_rename(s.doc(&p.text_document.uri)?, p.position)
                }),
            request::Rename::METHOD => self.on::<request::Rename, _>(r, |s, p| {
                let at = &p.text_document_position;
                let doc = s.doc(&at.text_document.uri)?;
                navigation::rename(doc, &at.text_document.uri, at.position, &p.new_name)
            }),
            request::HoverRequest::METHOD => self.on::<request::HoverRequest, _>(r, |s, p| {
                let at = &p.text_document_position_params;
                hover::hover(s.doc(&at.text_document.uri)?, at.position)
            }),
            request::Completion::METHOD => self.on::<request::Completion, _>(r, |s, p| {
                let at = &p.text_document_position;
                completion::complete(s.doc(&at.text_document.uri)?, at.position)
            }),
            request::Formatting::METHOD => self.on::<request::Formatting, _>(r, |s, p| {
                format::format(s.doc(&p.text_document.uri)?)
            }),
            request::CodeActionRequest::METHOD => {
                self.on::<request::CodeActionRequest, _>(r, |s, p| {
                    let doc = s.doc(&p.text_document.uri)?;
                    Ok(Some(diagnostics::quick_fixes(
                        doc,
                        &p.text_document.uri,
                        p.range,
                    )))
                })
            }
            request::SemanticTokensFullRequest::METHOD => self
                .on::<request::SemanticTokensFullRequest, _>(r, |s, p| {
                    outline::semantic_tokens(s.doc(&p.text_document.uri)?)
                }),
            request::FoldingRangeRequest::METHOD => self
                .on::<request::FoldingRangeRequest, _>(r, |s, p| {
                    outline::folding_ranges(s.doc(&p.text_document.uri)?)
                }),
            other => Err(Failure {
                code: ErrorCode::MethodNotFound,
                message: format!("`{other}` is not a request this server answers"),
            }),
        }
    }

    /// Read a request's parameters as `R`'s and answer with `handle`'s result.
    fn on<R, F>(&mut self, r: Request, handle: F) -> Result<serde_json::Value, Failure>
    where
        R: request::Request,
        R::Params: DeserializeOwned,
        R::Result: Serialize,
        F: FnOnce(&mut Self, R::Params) -> Result<R::Result, Failure>,
    {
        let params: R::Params = serde_json::from_value(r.params)
            .map_err(|e| Failure::invalid(format!("parameters of `{}`: {e}", R::METHOD)))?;
        let result = handle(self, params)?;
        serde_json::to_value(result).map_err(|e| Failure {
            code: ErrorCode::InternalError,
            message: e.to_string(),
        })
    }

    fn doc(&self, uri: &lsp_types::Uri) -> Result<&Document, Failure> {
        self.documents
            .get(uri.as_str())
            .ok_or_else(|| Failure::invalid(format!("`{}` is not open", uri.as_str())))
    }

    /// Act on a notification; one whose parameters cannot be read is ignored, as the
    /// protocol asks (a notification has no answer).
    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let Some(p) = params::<notification::DidOpenTextDocument>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                let doc = Document::new(p.text_document.text, self.encoding);
                self.documents.insert(uri.as_str().to_string(), doc);
                self.publish(&uri, Some(p.text_document.version));
            }
            notification::DidChangeTextDocument::METHOD => {
                let Some(p) = params::<notification::DidChangeTextDocument>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(doc) = self.documents.get_mut(uri.as_str()) else {
                    return;
                };
                for change in p.content_changes {
                    doc.change(change);
                }
                let version = self.catch_up(&uri, p.text_document.version);
                self.publish(&uri, Some(version));
            }
            notification::DidCloseTextDocument::METHOD => {
                let Some(p) = params::<notification::DidCloseTextDocument>(n) else {
                    return;
                };
                let uri = p.text_document.uri;
                self.documents.remove(uri.as_str());
                // Clear what was shown for it.
                self.notify::<notification::PublishDiagnostics>(
                    lsp_types::PublishDiagnosticsParams {
                        uri,
                        diagnostics: Vec::new(),
                        version: None,
                    },
                );
            }
            _ => {}
        }
    }

    /// Apply the changes to `uri` the client has already sent on (an editor sends one per
    /// keystroke), so the document is compiled once for all of them rather than once each:
    /// the version reached. The first other message read is held, to be handled next.
    fn catch_up(&mut self, uri: &lsp_types::Uri, mut version: i32) -> i32 {
        while self.held.is_empty() {
            let Ok(next) = self.connection.receiver.try_recv() else {
                break;
            };
            let change = match &next {
                Message::Notification(n)
                    if n.method == notification::DidChangeTextDocument::METHOD =>
                {
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(
                        n.params.clone(),
                    )
                    .ok()
                    .filter(|p| p.text_document.uri == *uri)
                }
                _ => None,
            };
            let (Some(p), Some(doc)) = (change, self.documents.get_mut(uri.as_str())) else {
                self.held.push_back(next);
                break;
            };
            for change in p.content_changes {
                doc.change(change);
            }
            version = p.text_document.version;
        }
        version
    }

    /// Compile a document and send its diagnostics.
    fn publish(&mut self, uri: &lsp_types::Uri, version: Option<i32>) {
        let Some(doc) = self.documents.get_mut(uri.as_str()) else {
            return;
        };
        let diagnostics = catch_unwind(AssertUnwindSafe(|| features::diagnostics::check(doc, uri)))
            .unwrap_or_default();
        self.notify::<notification::PublishDiagnostics>(lsp_types::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        });
    }
}

/// A notification's parameters, if they are of `N`'s form.
fn params<N: notification::Notification>(n: Notification) -> Option<N::Params>
where
    N::Params: DeserializeOwned,
{
    serde_json::from_value(n.params).ok()
}
