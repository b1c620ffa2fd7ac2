//! A language-server client for tests and benchmarks: it drives `codebook::lsp::serve` in
//! process, over `lsp_server::Connection::memory()`, as an editor would over stdio.
//! `tests/lsp.rs` and `benches/lsp.rs` both include this file (with `#[path]`), so what the
//! benchmark measures is the client the tests check.
#![allow(dead_code)]

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::thread::JoinHandle;
use std::time::Duration;

/// The one document the client opens.
pub const URI: &str = "file:///study.codebook";

/// A client talking to a server running on its own thread.
pub struct Client {
    connection: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next: i32,
    /// Notifications received while waiting for a response.
    pending: Vec<Notification>,
    /// The server's answer to `initialize`.
    pub initialized: Value,
}

impl Client {
    /// A server initialized by a client offering these position encodings (none: the
    /// protocol's default, UTF-16).
    pub fn start(encodings: &[&str]) -> Client {
        let (server_side, connection) = Connection::memory();
        let server = std::thread::spawn(move || codebook::lsp::serve(&server_side));
        let mut client = Client {
            connection,
            server: Some(server),
            next: 0,
            pending: Vec::new(),
            initialized: Value::Null,
        };
        let general = match encodings {
            [] => json!({}),
            _ => json!({ "positionEncodings": encodings }),
        };
        client.initialized = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": { "general": general } }),
        );
        client.notify("initialized", json!({}));
        client
    }

    pub fn send(&self, message: Message) {
        self.connection
            .sender
            .send(message)
            .expect("the server is running");
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// Send a request and wait for its response: the result, or the error as `{"error": …}`.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.send(Message::Request(Request::new(
            id.clone(),
            method.into(),
            params,
        )));
        loop {
            match self.receive() {
                Message::Response(r) if r.id == id => {
                    return match r.response_result {
                        Err(e) => json!({ "error": { "code": e.code, "message": e.message } }),
                        Ok(result) => result,
                    };
                }
                Message::Notification(n) => self.pending.push(n),
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    /// The next diagnostics the server publishes.
    pub fn diagnostics(&mut self) -> Value {
        let n = match self
            .pending
            .iter()
            .position(|n| n.method == "textDocument/publishDiagnostics")
        {
            Some(i) => self.pending.remove(i),
            None => match self.receive() {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => n,
                other => panic!("expected diagnostics, got {other:?}"),
            },
        };
        n.params
    }

    /// `didOpen` of [`URI`] with this text, and the diagnostics the server answers with.
    pub fn open(&mut self, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": URI, "languageId": "codebook", "version": 1, "text": text } }),
        );
        self.diagnostics()
    }

    /// A request about one position of [`URI`].
    pub fn at(&mut self, method: &str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }),
        )
    }

    /// `didChange`: the text between two positions (line, character) replaced by `text`, as
    /// version `version`.
    pub fn change(&self, version: i32, start: (u32, u32), end: (u32, u32), text: &str) {
        let at = |(line, character): (u32, u32)| json!({ "line": line, "character": character });
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": URI, "version": version },
                "contentChanges": [{ "range": { "start": at(start), "end": at(end) }, "text": text }]
            }),
        );
    }

    /// `didChange`: `text` inserted at a position, as version `version`.
    pub fn insert(&self, version: i32, line: u32, character: u32, text: &str) {
        self.change(version, (line, character), (line, character), text);
    }

    /// `shutdown`, `exit`, and the server's thread ends cleanly.
    pub fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let server = self.server.take().expect("started");
        assert_eq!(server.join().expect("the server did not panic"), Ok(()));
    }
}
