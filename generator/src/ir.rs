//! The intermediate representation between the `openapiv3` model and emitted Rust: plain data in which every
//! naming and typing decision has already been made, so emission only prints.
//!
//! Collections are `Vec`s in a deterministic order chosen by `lower`: operations in document order, named
//! types sorted by their Rust name. Names held here are final Rust identifiers (already cased and escaped);
//! wire names are kept beside them for serde and the HTTP layer.

/// The whole API: what one generated client crate contains.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title` of the document.
    pub title: String,
    /// `info.version` of the document (the vendor's API version, e.g. `20260324`).
    pub version: String,
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
    /// Every named type: component schemas and the inline schemas that need a name, sorted by name.
    pub types: Vec<TypeDef>,
    /// Named types that appear as the body of a non-2xx response, sorted by name.
    pub error_body_types: Vec<String>,
}

/// Documentation taken from `summary`/`title` and `description`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    /// A one-line summary (`summary` or `title`).
    pub summary: Option<String>,
    /// Longer text (`description`), Markdown as the document wrote it.
    pub description: Option<String>,
}

impl Docs {
    /// Whether there is nothing to print.
    pub fn is_empty(&self) -> bool {
        self.summary.is_none() && self.description.is_none()
    }
}

/// One operation: becomes one client method plus its request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The document's `operationId`, verbatim.
    pub operation_id: String,
    /// The client method's name (snake case).
    pub method_name: String,
    /// The request builder's type name (upper camel case).
    pub builder_name: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template, parsed.
    pub path: PathTemplate,
    /// Summary and description.
    pub docs: Docs,
    /// `deprecated: true` on the operation.
    pub deprecated: bool,
    /// Parameters in document order (path-item parameters first, as OpenAPI merges them).
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// Documented responses, in ascending status order, `default` last.
    pub responses: Vec<Response>,
    /// What the success value of the method is.
    pub success: Success,
    /// How the request authenticates.
    pub auth: Auth,
}

/// HTTP methods OpenAPI can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The upper-case wire form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }

    /// Whether repeating the request has no further effect (RFC 9110 §9.2.2), so it is safe to retry.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch)
    }
}

/// A path such as `/attorneys/{attorney_id}`, split into literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template exactly as the document wrote it.
    pub template: String,
    /// The pieces, in order.
    pub segments: Vec<PathSegment>,
}

/// A piece of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Text copied into the URL as is.
    Literal(String),
    /// A path parameter, by wire name; its value is percent-encoded.
    Param(String),
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A `{name}` in the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire (query key, header name, path placeholder).
    pub wire_name: String,
    /// The Rust argument or setter name.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Required parameters are method arguments; optional ones are builder setters.
    pub required: bool,
    /// The value's type, without the `Option` of optionality.
    pub ty: TypeRef,
    /// The document's default, shown in docs (the server applies it when the parameter is left out).
    pub default: Option<serde_json::Value>,
    /// Title and description.
    pub docs: Docs,
    /// `deprecated: true` on the parameter.
    pub deprecated: bool,
    /// Whether the value is a credential (a secret, password, token or key), which `Debug` must not show.
    pub sensitive: bool,
}

/// The request body of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// How it is encoded.
    pub media: BodyMedia,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the document requires it (optional bodies become a setter).
    pub required: bool,
    /// The body's description.
    pub docs: Docs,
}

/// Encodings of a request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
}

/// Which responses a status can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code, e.g. `200`.
    Code(u16),
    /// A class such as `4XX`, stored as its first digit.
    Range(u8),
    /// `default`: any status not listed.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status (or range) it applies to.
    pub status: StatusMatch,
    /// The body: a type, untyped JSON, or nothing.
    pub body: ResponseBody,
    /// The response's description.
    pub description: String,
}

/// What a response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No content.
    Empty,
    /// A JSON body of this type (`TypeRef::Json` where the document has examples but no schema).
    Json(TypeRef),
    /// A body in a non-JSON media type (`text/plain`, `text/csv`...), returned as text.
    Text,
}

impl Response {
    /// Whether this response is a success (2xx).
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(class) => class == 2,
            StatusMatch::Default => false,
        }
    }
}

/// The Rust value a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// Every success status carries this one body (or none).
    Single(ResponseBody),
    /// Success statuses carry different bodies: a generated enum with one variant per status.
    ByStatus {
        /// The enum's name.
        type_name: String,
        /// One variant per success response, in status order.
        variants: Vec<StatusVariant>,
    },
}

/// A variant of a per-status success enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// The variant name, e.g. `Created`.
    pub name: String,
    /// The status it stands for.
    pub status: StatusMatch,
    /// Its body.
    pub body: ResponseBody,
}

/// How an operation authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// No credentials are sent.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer,
}

/// A use of a type: a primitive, a container, or a named type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// `String`.
    String,
    /// A calendar date (`format: date`).
    Date,
    /// A date and time with offset (`format: date-time`).
    DateTime,
    /// An integer of the given width.
    Integer(IntegerWidth),
    /// `f64` (or `f32` for `format: float`).
    Number(NumberWidth),
    /// `bool`.
    Boolean,
    /// Any JSON value (`{}`, or a media type without a schema).
    Json,
    /// A JSON array.
    List(Box<TypeRef>),
    /// A JSON object with string keys and uniform values.
    Map(Box<TypeRef>),
    /// A value that may be `null` (or absent).
    Optional(Box<TypeRef>),
    /// A named type from [`Api::types`], by its Rust name.
    Named(String),
    /// A named type behind a `Box`, where it recurses into itself.
    Boxed(String),
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntegerWidth {
    /// `format: int32`.
    I32,
    /// No format, or `format: int64`: ids in this API exceed 2³¹.
    I64,
    /// `format: uint64`, whose values can exceed `i64`.
    U64,
}

/// Floating-point widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NumberWidth {
    /// `format: float`.
    F32,
    /// Anything else.
    F64,
}

/// A named type to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// Where it came from, e.g. `#/components/schemas/CaseStatus`.
    pub origin: String,
    /// Title and description.
    pub docs: Docs,
    /// `deprecated: true` on the schema.
    pub deprecated: bool,
    /// Its shape.
    pub kind: TypeKind,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A JSON object with known properties.
    Struct(StructDef),
    /// A string with a fixed set of values.
    Enum(EnumDef),
    /// One of several alternatives, tried in order (`anyOf`/`oneOf`).
    Union(UnionDef),
    /// Another name for a type (a component schema that is an array, a primitive, `{}`...).
    Alias(TypeRef),
}

/// A struct's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// A map of additional properties, when the schema allows typed ones beside the named fields.
    pub additional: Option<AdditionalField>,
    /// Whether every field has a natural empty value, so the struct implements `Default` and callers can
    /// write `..Default::default()` (which keeps their code compiling when a later document adds fields).
    pub defaultable: bool,
}

/// The field that collects a struct's additional properties.
#[derive(Debug, Clone, PartialEq)]
pub struct AdditionalField {
    /// The Rust field name (`additional_properties`, unless a property already has that name).
    pub rust_name: String,
    /// The type of each additional property's value.
    pub ty: TypeRef,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// The field's type, `Optional` when it may be absent or null.
    pub ty: TypeRef,
    /// How absence is handled on the wire.
    pub presence: Presence,
    /// Title and description.
    pub docs: Docs,
    /// `deprecated: true` on the property.
    pub deprecated: bool,
}

/// Whether a field must appear in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required and not nullable: always present.
    Required,
    /// Required but nullable: sent as `null` when empty, accepted when missing (servers leave them out).
    RequiredNullable,
    /// Not required: left out when empty.
    Optional,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// The known values, in document order.
    pub variants: Vec<EnumVariant>,
    /// The variant that keeps values the document does not list (every enum but a `const` has one), so a
    /// server that adds a value does not break decoding.
    pub fallback: Option<String>,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    /// The variant's Rust name.
    pub rust_name: String,
    /// The value on the wire.
    pub wire_value: String,
}

/// An untagged union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// Alternatives, most specific first: decoding tries them in this order.
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The variant's Rust name.
    pub rust_name: String,
    /// The alternative's type.
    pub ty: TypeRef,
}
