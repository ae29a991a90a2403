//! Decoding a body by operation id (and status) without sending a request: what the generated
//! [`decode_response`](crate::decode_response) and [`decode_request_body`](crate::decode_request_body) return.
//! The decoded value is kept behind [`DecodedValue`], which re-encodes it and lets callers downcast it to the
//! model type. Also the date readers generated models use for `format: date` fields.
//!
//! Public only so that generated code for any document can call the helpers without dead-code warnings; use
//! the re-exports at the crate root.

use std::any::Any;
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::runtime::{Mismatch, decode_json};

/// A decoded model of any type: re-encodable, and downcastable to its concrete type.
pub trait DecodedValue: fmt::Debug + Send + Sync {
    /// The value encoded again as JSON.
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
    /// The value encoded again as indented JSON text, fields in model order.
    fn to_json_pretty(&self) -> Result<String, serde_json::Error>;
    /// The value as `&dyn Any`, to downcast by reference.
    fn as_any(&self) -> &dyn Any;
    /// The value as a boxed `Any`, to downcast by value.
    fn into_any(self: Box<Self>) -> Box<dyn Any + Send + Sync>;
}

impl<T> DecodedValue for T
where
    T: Serialize + fmt::Debug + Send + Sync + 'static,
{
    fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }

    fn to_json_pretty(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any + Send + Sync> {
        self
    }
}

/// A body decoded into the type the document gives it.
#[derive(Debug)]
pub struct Decoded {
    operation_id: &'static str,
    documented_as: &'static str,
    type_name: &'static str,
    value: Box<dyn DecodedValue>,
}

impl Decoded {
    /// The operation whose body this is.
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// Which documented body matched: a status key (`200`, `4XX`, `default`) or `request body`.
    pub fn documented_as(&self) -> &'static str {
        self.documented_as
    }

    /// The Rust type the body decoded into, e.g. `types::DistrictCase` or `serde_json::Value`.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The decoded value.
    pub fn value(&self) -> &dyn DecodedValue {
        self.value.as_ref()
    }

    /// The value encoded again as JSON.
    pub fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        self.value.to_json()
    }

    /// The value encoded again as indented JSON text, fields in model order.
    pub fn to_json_pretty(&self) -> Result<String, serde_json::Error> {
        self.value.to_json_pretty()
    }

    /// The value as `T`, if that is its type.
    pub fn downcast_ref<T: Any>(&self) -> Option<&T> {
        self.value.as_any().downcast_ref()
    }

    /// The value as `T`, or `None` if that is not its type.
    pub fn downcast<T: Any>(self) -> Option<T> {
        self.value.into_any().downcast().ok().map(|value| *value)
    }
}

/// Why a body could not be decoded by operation id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The document has no operation with this id.
    #[error("unknown operation `{operation_id}`")]
    UnknownOperation {
        /// The id asked for.
        operation_id: String,
    },
    /// The operation documents no response for this status (and no `default`).
    #[error("`{operation_id}` documents no response for status {status} (it documents {})", documented.join(", "))]
    UndocumentedStatus {
        /// The operation id.
        operation_id: &'static str,
        /// The status asked for.
        status: u16,
        /// The status keys the operation documents.
        documented: &'static [&'static str],
    },
    /// The operation takes no request body.
    #[error("`{operation_id}` takes no request body")]
    NoRequestBody {
        /// The operation id.
        operation_id: &'static str,
    },
    /// The body does not match the documented type.
    #[error(
        "`{operation_id}` {documented_as}: the body does not match `{type_name}`: {path}: {message}"
    )]
    Mismatch {
        /// The operation id.
        operation_id: &'static str,
        /// Which documented body it was decoded as (`200`, `4XX`, `request body`...).
        documented_as: &'static str,
        /// The Rust type it was decoded into.
        type_name: &'static str,
        /// The JSON path of the first mismatch (`.` is the root).
        path: String,
        /// What did not match there.
        message: String,
    },
}

/// Decodes a JSON body as `T`.
pub fn json<T>(
    operation_id: &'static str,
    documented_as: &'static str,
    type_name: &'static str,
    body: &[u8],
) -> Result<Decoded, DecodeError>
where
    T: DeserializeOwned + Serialize + fmt::Debug + Send + Sync + 'static,
{
    match decode_json::<T>(body) {
        Ok(value) => Ok(Decoded {
            operation_id,
            documented_as,
            type_name,
            value: Box::new(value),
        }),
        Err(mismatch) => Err(mismatch_error(
            operation_id,
            documented_as,
            type_name,
            mismatch,
        )),
    }
}

/// Accepts a non-JSON body as text (invalid UTF-8 is replaced); it always decodes.
pub fn text(
    operation_id: &'static str,
    documented_as: &'static str,
    body: &[u8],
) -> Result<Decoded, DecodeError> {
    Ok(Decoded {
        operation_id,
        documented_as,
        type_name: "String",
        value: Box::new(String::from_utf8_lossy(body).into_owned()),
    })
}

/// Accepts the body of a response the document says has no content: nothing, or only whitespace.
pub fn empty(
    operation_id: &'static str,
    documented_as: &'static str,
    body: &[u8],
) -> Result<Decoded, DecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Decoded {
            operation_id,
            documented_as,
            type_name: "()",
            value: Box::new(()),
        });
    }
    let mismatch = Mismatch {
        path: ".".to_owned(),
        message: "expected no content".to_owned(),
    };
    Err(mismatch_error(operation_id, documented_as, "()", mismatch))
}

fn mismatch_error(
    operation_id: &'static str,
    documented_as: &'static str,
    type_name: &'static str,
    mismatch: Mismatch,
) -> DecodeError {
    DecodeError::Mismatch {
        operation_id,
        documented_as,
        type_name,
        path: mismatch.path,
        message: mismatch.message,
    }
}

/// Decodes a `format: date` field. The API writes dates as `YYYY-MM-DD`, which is read directly; anything
/// else goes through chrono's general parser, with its messages.
pub fn date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<chrono::NaiveDate, D::Error> {
    deserializer.deserialize_str(DateVisitor)
}

/// Decodes an optional `format: date` field: `null` is `None`.
pub fn optional_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    deserializer.deserialize_option(OptionalDateVisitor)
}

struct DateVisitor;

impl serde::de::Visitor<'_> for DateVisitor {
    type Value = chrono::NaiveDate;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a date (YYYY-MM-DD)")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<chrono::NaiveDate, E> {
        match plain_date(value.as_bytes()) {
            Some(date) => Ok(date),
            None => value.parse().map_err(E::custom),
        }
    }
}

struct OptionalDateVisitor;

impl<'de> serde::de::Visitor<'de> for OptionalDateVisitor {
    type Value = Option<chrono::NaiveDate>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a date (YYYY-MM-DD) or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        date(deserializer).map(Some)
    }
}

/// `YYYY-MM-DD` with four-digit year, or `None` when the text has another shape or is not a real date.
fn plain_date(text: &[u8]) -> Option<chrono::NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let digit = |byte: u8| byte.is_ascii_digit().then(|| u32::from(byte - b'0'));
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0, |total, &byte| Some(total * 10 + digit(byte)?))
    };
    let year = i32::try_from(number(&[y1, y2, y3, y4])?).ok()?;
    chrono::NaiveDate::from_ymd_opt(year, number(&[m1, m2])?, number(&[d1, d2])?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decoded_body_keeps_its_type() {
        let decoded = json::<Vec<i64>>("list_things", "200", "Vec<i64>", b"[1, 2]");
        let decoded = match decoded {
            Ok(decoded) => decoded,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(
            (
                decoded.operation_id(),
                decoded.documented_as(),
                decoded.type_name()
            ),
            ("list_things", "200", "Vec<i64>")
        );
        assert_eq!(decoded.downcast_ref::<Vec<i64>>(), Some(&vec![1, 2]));
        assert_eq!(decoded.downcast_ref::<Vec<u8>>(), None);
        assert_eq!(decoded.to_json().ok(), Some(serde_json::json!([1, 2])));
        assert_eq!(decoded.downcast::<Vec<i64>>(), Some(vec![1, 2]));
    }

    #[test]
    fn a_mismatch_names_its_path() {
        let error = json::<Vec<i64>>("list_things", "200", "Vec<i64>", b"[1, \"two\"]").err();
        let Some(DecodeError::Mismatch { path, message, .. }) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(path, "[1]");
        assert!(
            message.starts_with("invalid type: string \"two\""),
            "{message}"
        );
        let shown = error.map(|error| error.to_string()).unwrap_or_default();
        assert!(
            shown.starts_with(
                "`list_things` 200: the body does not match `Vec<i64>`: [1]: invalid type"
            ),
            "{shown}"
        );
    }

    #[test]
    fn an_empty_response_accepts_only_blank_bodies() {
        assert!(
            empty("delete_thing", "204", b" \n")
                .is_ok_and(|decoded| decoded.to_json().ok() == Some(serde_json::Value::Null))
        );
        assert!(matches!(
            empty("delete_thing", "204", b"{}"),
            Err(DecodeError::Mismatch { .. })
        ));
    }

    #[test]
    fn dates_are_read_directly_and_checked() {
        let parse = |text: &str| {
            date(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text)).ok()
        };
        assert_eq!(
            parse("2024-02-29"),
            chrono::NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        // Whatever the shape, the result is chrono's.
        for text in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "+12024-01-01",
            "2024-01-01T00:00:00",
            "",
            "２０２４-01-01",
        ] {
            assert_eq!(
                parse(text),
                text.parse::<chrono::NaiveDate>().ok(),
                "{text:?}"
            );
        }
        let optional = |value: serde_json::Value| optional_date(value).ok();
        assert_eq!(optional(serde_json::Value::Null), Some(None));
        assert_eq!(
            optional(serde_json::json!("2024-01-31")),
            Some(chrono::NaiveDate::from_ymd_opt(2024, 1, 31))
        );
    }
}
