//! The browser's compression streams, which web-sys has only behind an unstable flag, and
//! the two ways the page uses them: unpacking the gzipped provider schema, and packing the
//! editor's text into a share link (raw deflate).

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableWritablePair, Response, WritableStream};

#[wasm_bindgen]
extern "C" {
    type DecompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;

    type CompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;
}

/// The text a compressed stream holds: `format` is `gzip` or `deflate-raw`.
pub async fn inflate_text(body: &ReadableStream, format: &str) -> Result<String, String> {
    let stream = DecompressionStream::new(format).map_err(describe)?;
    let pair = ReadableWritablePair::new(&stream.readable(), &stream.writable());
    let text = Response::new_with_opt_readable_stream(Some(&body.pipe_through(&pair)))
        .map_err(describe)?
        .text()
        .map_err(describe)?;
    JsFuture::from(text)
        .await
        .map_err(describe)?
        .as_string()
        .ok_or_else(|| "not text".to_owned())
}

/// Raw-deflate bytes of a text.
pub async fn deflate_text(text: &str) -> Result<Vec<u8>, String> {
    let body = Response::new_with_opt_str(Some(text))
        .map_err(describe)?
        .body()
        .ok_or("no body")?;
    let stream = CompressionStream::new("deflate-raw").map_err(describe)?;
    let pair = ReadableWritablePair::new(&stream.readable(), &stream.writable());
    let buffer = Response::new_with_opt_readable_stream(Some(&body.pipe_through(&pair)))
        .map_err(describe)?
        .array_buffer()
        .map_err(describe)?;
    let buffer = JsFuture::from(buffer).await.map_err(describe)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Raw-deflate bytes back to their text.
pub async fn inflate_bytes(bytes: &[u8]) -> Result<String, String> {
    let array = Uint8Array::from(bytes);
    let body = Response::new_with_opt_buffer_source(Some(&array))
        .map_err(describe)?
        .body()
        .ok_or("no body")?;
    inflate_text(&body, "deflate-raw").await
}

pub fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
