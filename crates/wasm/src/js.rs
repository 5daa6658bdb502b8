//! The JavaScript class `Workspace`: arguments are checked by hand so that misuse throws a
//! `TypeError` naming the method and the argument; results are plain objects (maps as
//! objects, `None` as `null`) shaped as `tfgrade.d.ts` declares.

use std::sync::Once;

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use tfgrade_core::InputFile;
use wasm_bindgen::prelude::*;

use crate::{FixOutcome, FixSet, Workspace, WorkspaceOptions};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../tfgrade.d.ts");

/// Grades Terraform: `new Workspace(options?)`, then `check`, `checkFiles`, `fix`.
#[wasm_bindgen(js_name = Workspace)]
pub struct JsWorkspace {
    inner: Workspace,
}

#[wasm_bindgen(js_class = Workspace)]
impl JsWorkspace {
    /// `options`: `{ maxInputBytes?: number, select?: string[], ignore?: string[] }`;
    /// `undefined` or `null` for the defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "WorkspaceOptions | null")] options: JsValue,
    ) -> Result<JsWorkspace, JsValue> {
        static PANIC_HOOK: Once = Once::new();
        PANIC_HOOK.call_once(|| std::panic::set_hook(Box::new(console_error_panic_hook::hook)));
        let at = "new Workspace(options)";
        let mut settings = WorkspaceOptions::default();
        if let Some(options) = options_object(&options, at, &["maxInputBytes", "select", "ignore"])?
        {
            let max = get(&options, "maxInputBytes");
            if !max.is_undefined() && !max.is_null() {
                settings.max_input_bytes = Some(byte_count(&max, at, "options.maxInputBytes")?);
            }
            settings.select = strings(&get(&options, "select"), at, "options.select")?;
            settings.ignore = strings(&get(&options, "ignore"), at, "options.ignore")?;
        }
        Ok(Self {
            inner: Workspace::new(settings),
        })
    }

    /// Grades one pasted text: raw HCL, or markdown holding fenced Terraform. Without a
    /// `name`, markdown is called `response.md` and anything else `main.tf`.
    #[wasm_bindgen(unchecked_return_type = "Report")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] name: JsValue,
    ) -> Result<JsValue, JsValue> {
        let at = "Workspace.check";
        let text = string(&text, at, "text")?;
        let name = optional_string(&name, at, "name")?;
        to_js(&self.inner.check(&text, name.as_deref()))
    }

    /// Grades named files: `[{ path, text }]` (or `bytes` instead of `text` for files not
    /// yet decoded; the core reads UTF-8 and UTF-16 with a byte-order mark).
    #[wasm_bindgen(js_name = checkFiles, unchecked_return_type = "Report")]
    pub fn check_files(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FileInput[]")] files: JsValue,
    ) -> Result<JsValue, JsValue> {
        let files = input_files(&files, "Workspace.checkFiles")?;
        to_js(&self.inner.check_files(files))
    }

    /// Grades one response (`[{ path, text }]`) and rates it as an estimate: its ideal is
    /// the response with every automatic fix applied (`rating.estimate` is true).
    #[wasm_bindgen(js_name = estimateFiles, unchecked_return_type = "Report")]
    pub fn estimate_files(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FileInput[]")] files: JsValue,
    ) -> Result<JsValue, JsValue> {
        let files = input_files(&files, "Workspace.estimateFiles")?;
        to_js(&self.inner.estimate_files(files))
    }

    /// A draft MODEL_FAILURES.md for a task bundle given as named files, or `null` when
    /// the files hold no pair (a model response and an ideal).
    #[wasm_bindgen(js_name = reviewFiles, unchecked_return_type = "string | null")]
    pub fn review_files(
        &self,
        #[wasm_bindgen(unchecked_param_type = "FileInput[]")] files: JsValue,
    ) -> Result<JsValue, JsValue> {
        let files = input_files(&files, "Workspace.reviewFiles")?;
        Ok(self
            .inner
            .review_files(files)
            .map_or(JsValue::NULL, |draft| JsValue::from_str(&draft)))
    }

    /// Applies fixes until none applies and returns the changed files. `input` is one text
    /// or `[{ path, text }]`; `options`: `{ unsafe?: boolean, name?: string }`. Safe fixes
    /// only unless `unsafe` is true (then the result is the ideal response).
    #[wasm_bindgen(unchecked_return_type = "FixResult")]
    pub fn fix(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | FileInput[]")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FixOptions | null")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let at = "Workspace.fix";
        let mut set = FixSet::Safe;
        let mut name = None;
        if let Some(options) = options_object(&options, at, &["unsafe", "name"])? {
            let value = get(&options, "unsafe");
            if !value.is_undefined() && !value.is_null() {
                let all = value
                    .as_bool()
                    .ok_or_else(|| type_error(at, "options.unsafe", "a boolean", &value))?;
                if all {
                    set = FixSet::All;
                }
            }
            name = optional_string(&get(&options, "name"), at, "options.name")?;
        }
        let outcome = if Array::is_array(&input) {
            if name.is_some() {
                return Err(js_sys::TypeError::new(&format!(
                    "{at}: `options.name` names pasted text; files carry their own `path`"
                ))
                .into());
            }
            self.inner.fix_files(input_files(&input, at)?, set)
        } else if let Some(text) = input.as_string() {
            self.inner.fix(&text, name.as_deref(), set)
        } else {
            return Err(type_error(
                at,
                "input",
                "a string or an array of files",
                &input,
            ));
        };
        to_js(&FixResult::from(&outcome))
    }

    /// Every check of the rubric with its docs, in code order.
    #[wasm_bindgen(unchecked_return_type = "Check[]")]
    pub fn rules(&self) -> Result<JsValue, JsValue> {
        to_js(Workspace::rules())
    }

    /// The check with this code (`"TFG201"`) or name (`"ssh-open-to-world"`), or
    /// `undefined`.
    #[wasm_bindgen(unchecked_return_type = "Check | undefined")]
    pub fn rule(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    ) -> Result<JsValue, JsValue> {
        let code = string(&code, "Workspace.rule", "code")?;
        match Workspace::rule(&code) {
            Some(check) => to_js(check),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The version of tfgrade.
    pub fn version(&self) -> String {
        Workspace::version().to_owned()
    }

    /// The version of the AWS provider schema the validity checks (TFG7xx) use, or `null`
    /// while none is loaded (see `loadSchema`).
    #[wasm_bindgen(js_name = schemaVersion)]
    pub fn schema_version(&self) -> Option<String> {
        self.inner.schema_version()
    }
}

/// Reads the AWS provider schema in tfgrade's compact text form (`aws_schema.txt`, served
/// beside the module) so that every workspace runs the validity checks (TFG7xx). Throws an
/// `Error` naming the line when the text is not such a schema.
#[wasm_bindgen(js_name = loadSchema, unchecked_return_type = "SchemaInfo")]
pub fn load_schema(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<JsValue, JsValue> {
    let text = string(&text, "loadSchema", "text")?;
    match crate::load_schema(&text) {
        Ok(info) => to_js(&SchemaInfoDto {
            version: &info.version,
            resource_types: info.resource_types,
            data_source_types: info.data_source_types,
        }),
        Err(e) => Err(js_sys::Error::new(&format!("tfgrade: loadSchema: {e}")).into()),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaInfoDto<'a> {
    version: &'a str,
    resource_types: usize,
    data_source_types: usize,
}

/// What `fix` returns: the changed files and the codes of the fixes applied.
#[derive(Serialize)]
struct FixResult<'a> {
    files: Vec<FixedFileDto<'a>>,
    applied: &'a [&'static str],
    passes: usize,
    withheld: &'a [String],
}

#[derive(Serialize)]
struct FixedFileDto<'a> {
    path: &'a str,
    original: &'a str,
    fixed: &'a str,
}

impl<'a> From<&'a FixOutcome> for FixResult<'a> {
    fn from(outcome: &'a FixOutcome) -> Self {
        Self {
            files: outcome
                .files
                .iter()
                .map(|f| FixedFileDto {
                    path: &f.path,
                    original: &f.original,
                    fixed: &f.fixed,
                })
                .collect(),
            applied: &outcome.applied,
            passes: outcome.passes,
            withheld: &outcome.withheld,
        }
    }
}

fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&Serializer::json_compatible())
        .map_err(|e| {
            js_sys::Error::new(&format!("tfgrade: could not build the result: {e}")).into()
        })
}

fn get(object: &Object, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `undefined`/`null` for none, else a plain object holding only `allowed` keys.
fn options_object(value: &JsValue, at: &str, allowed: &[&str]) -> Result<Option<Object>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(type_error(at, "options", "an object", value));
    }
    let object: Object = value.clone().unchecked_into();
    for key in Object::keys(&object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            let expected = allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(js_sys::TypeError::new(&format!(
                "{at}: unknown option `{key}`; the options are {expected}"
            ))
            .into());
        }
    }
    Ok(Some(object))
}

fn string(value: &JsValue, at: &str, what: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| type_error(at, what, "a string", value))
}

fn optional_string(value: &JsValue, at: &str, what: &str) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        string(value, at, what).map(Some)
    }
}

/// `undefined`/`null` for none, else an array of strings.
fn strings(value: &JsValue, at: &str, what: &str) -> Result<Vec<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Err(type_error(at, what, "an array of strings", value));
    }
    value
        .unchecked_ref::<Array>()
        .iter()
        .enumerate()
        .map(|(i, item)| string(&item, at, &format!("{what}[{i}]")))
        .collect()
}

fn byte_count(value: &JsValue, at: &str, what: &str) -> Result<usize, JsValue> {
    match value.as_f64() {
        Some(n) if n.is_finite() && n >= 1.0 && n.fract() == 0.0 && n <= usize::MAX as f64 => {
            Ok(n as usize)
        }
        _ => Err(type_error(
            at,
            what,
            "a positive whole number of bytes",
            value,
        )),
    }
}

/// `[{ path, text }]` or `[{ path, bytes }]`.
fn input_files(value: &JsValue, at: &str) -> Result<Vec<InputFile>, JsValue> {
    if !Array::is_array(value) {
        return Err(type_error(
            at,
            "files",
            "an array of `{ path, text }`",
            value,
        ));
    }
    let array: &Array = value.unchecked_ref();
    let mut files = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        let here = |field: &str| format!("files[{i}]{field}");
        if !item.is_object() || Array::is_array(&item) {
            return Err(type_error(
                at,
                &here(""),
                "an object `{ path, text }`",
                &item,
            ));
        }
        let object: &Object = item.unchecked_ref();
        let path = string(&get(object, "path"), at, &here(".path"))?;
        let text = get(object, "text");
        let bytes = get(object, "bytes");
        let content = match (text.is_undefined(), bytes.is_undefined()) {
            (false, true) => string(&text, at, &here(".text"))?.into_bytes(),
            (true, false) if bytes.is_instance_of::<Uint8Array>() => {
                bytes.unchecked_ref::<Uint8Array>().to_vec()
            }
            (true, false) => return Err(type_error(at, &here(".bytes"), "a Uint8Array", &bytes)),
            _ => {
                return Err(js_sys::TypeError::new(&format!(
                    "{at}: {} needs exactly one of `text` (a string) or `bytes` (a Uint8Array)",
                    here("")
                ))
                .into());
            }
        };
        files.push(InputFile::new(path, content));
    }
    Ok(files)
}

fn type_error(at: &str, what: &str, expected: &str, got: &JsValue) -> JsValue {
    js_sys::TypeError::new(&format!(
        "{at}: `{what}` must be {expected}, got {}",
        describe(got)
    ))
    .into()
}

fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if Array::is_array(value) {
        "an array".to_owned()
    } else {
        value
            .js_typeof()
            .as_string()
            .unwrap_or_else(|| "a value".to_owned())
    }
}
