//! Messages over stdin and stdout, framed by `Content-Length` headers.
//!
//! `lsp-server`'s own stdio transport ends the connection at the first message that is not
//! JSON, and trusts any `Content-Length`. This one answers such a message with the protocol's
//! `ParseError` (or `InvalidRequest` for JSON that is not a message) and reads on, and refuses
//! a body larger than [`MAX_MESSAGE_BYTES`] without allocating it.

use crossbeam_channel::{Sender, bounded};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;

/// The largest message body read: a document twice as large as the compiler accepts (JSON
/// escapes some characters), with room for the rest of the message.
pub const MAX_MESSAGE_BYTES: usize = crate::syntax::MAX_FILE_BYTES * 2 + (1 << 20);

/// JSON-RPC's code for a body that is not JSON.
const PARSE_ERROR: i32 = -32700;
/// JSON-RPC's code for JSON that is not a request, response or notification.
const INVALID_REQUEST: i32 = -32600;

/// A connection over this process's stdin and stdout, and the threads that serve it (join
/// them after the server loop ends).
pub fn stdio() -> (Connection, Threads) {
    let out = Arc::new(Mutex::new(io::stdout()));
    let (to_client, outgoing) = bounded::<Message>(16);
    let (incoming, from_client) = bounded::<Message>(16);
    let writer_out = Arc::clone(&out);
    let writer = thread::spawn(move || {
        for message in outgoing {
            let mut body = Vec::new();
            // A message is plain data; writing it to memory cannot fail.
            if message.write(&mut body).is_ok() && write_raw(&writer_out, &body).is_err() {
                break;
            }
        }
    });
    let reader = thread::spawn(move || read_loop(io::stdin().lock(), &incoming, &out));
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, Threads { reader, writer })
}

/// The reader and writer threads of [`stdio`].
#[derive(Debug)]
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Wait for the writer to send what is queued. The reader is left to end with stdin (it
    /// may be blocked reading).
    pub fn join(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

fn write_raw(out: &Mutex<io::Stdout>, framed: &[u8]) -> io::Result<()> {
    let mut out = out
        .lock()
        .map_err(|_| io::Error::other("stdout lock poisoned"))?;
    out.write_all(framed)?;
    out.flush()
}

/// An error response to a message that could not be read, with the id `null`.
fn error_reply(out: &Mutex<io::Stdout>, id: serde_json::Value, code: i32, message: &str) {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    })
    .to_string();
    let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = write_raw(out, framed.as_bytes());
}

fn read_loop(mut input: impl BufRead, incoming: &Sender<Message>, out: &Mutex<io::Stdout>) {
    loop {
        let body = match read_body(&mut input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(Frame::Skip(why)) => {
                error_reply(out, serde_json::Value::Null, PARSE_ERROR, &why);
                continue;
            }
            Err(Frame::Broken) => return,
        };
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                error_reply(out, serde_json::Value::Null, PARSE_ERROR, &e.to_string());
                continue;
            }
        };
        let id = value.get("id").cloned().unwrap_or_default();
        let message: Message = match serde_json::from_value(value) {
            Ok(m) => m,
            Err(e) => {
                let why = format!("not a request, response or notification: {e}");
                error_reply(out, id, INVALID_REQUEST, &why);
                continue;
            }
        };
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return;
        }
    }
}

/// Why a frame could not be read.
enum Frame {
    /// Its headers or body were wrong, but the next frame can be read.
    Skip(String),
    /// The stream broke or ended mid-frame.
    Broken,
}

/// The next frame's body; `None` at the end of the input.
fn read_body(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, Frame> {
    let mut length = None;
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let n = input
            .by_ref()
            .take(4096)
            .read_until(b'\n', &mut line)
            .map_err(|_| Frame::Broken)?;
        if n == 0 {
            return if first { Ok(None) } else { Err(Frame::Broken) };
        }
        first = false;
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            break;
        }
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let Some(length) = length else {
        return Err(Frame::Skip(
            "a message without a valid Content-Length".into(),
        ));
    };
    if length > MAX_MESSAGE_BYTES {
        // Skip the body without keeping it, so the next message can be read.
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())
            .map_err(|_| Frame::Broken)?;
        return Err(Frame::Skip(format!(
            "a message of {length} bytes is larger than the {MAX_MESSAGE_BYTES} accepted"
        )));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).map_err(|_| Frame::Broken)?;
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_length_is_refused_without_allocating_it() {
        let input = format!("Content-Length: {}\r\n\r\nshort", usize::MAX);
        let mut reader = io::Cursor::new(input.into_bytes());
        assert!(matches!(read_body(&mut reader), Err(Frame::Skip(_))));
        // The stream has ended: nothing more to read.
        assert!(matches!(read_body(&mut reader), Ok(None)));
    }

    #[test]
    fn headers_without_a_length_are_skipped() {
        let input = "Content-Type: x\r\n\r\nContent-Length: 2\r\n\r\n{}";
        let mut reader = io::Cursor::new(input.as_bytes().to_vec());
        assert!(matches!(read_body(&mut reader), Err(Frame::Skip(_))));
        assert_eq!(read_body(&mut reader).ok().flatten(), Some(b"{}".to_vec()));
    }
}
