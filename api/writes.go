package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/byregion/byregion/internal/domain"
)

// Writes read a JSON body strictly, require If-Match for anything but a create, and answer with the
// record and its ETag. A body may carry back the read-only fields of a GET answer (they are ignored), so
// GET → edit → PUT works; any other unknown field is a 400, so a typo is never lost silently.

// The media types the API reads and writes beside the plain ones: problem+json (RFC 9457) for every
// error, merge patch (RFC 7396) for PATCH, and the sparse collection of fields=.
const (
	mediaJSON       = "application/json"
	mediaMergePatch = "application/merge-patch+json"
	mediaProblem    = "application/problem+json"
	mediaSparse     = "application/vnd.byregion.sparse+json"
)

// readAllBody reads a request's whole body within the server's body deadline (BodyTimeout: 30 seconds, ten
// times as long for an import), so a client that sends slowly cannot hold a connection, or a write's turn,
// for long. A body cut short, too slow or over the size limit is the client's problem: 400, 408 or 413.
func readAllBody(c echo.Context) ([]byte, error) {
	within, _ := c.Get(bodyTimeoutKey).(time.Duration)
	if within > 0 {
		rc := http.NewResponseController(c.Response().Writer)
		if rc.SetReadDeadline(time.Now().Add(within)) == nil { // a test's recorder has no connection
			defer rc.SetReadDeadline(time.Time{})
		}
	}
	b, err := io.ReadAll(c.Request().Body)
	var he *echo.HTTPError
	switch {
	case err == nil:
		return b, nil
	case errors.As(err, &he): // the body limit's 413
		return nil, err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, &domain.Error{Code: domain.EINVALID, Message: "The body ended before the length its Content-Length header gives.",
			Fields: []domain.FieldError{{Field: "body", In: "body", Message: "is shorter than Content-Length"}}}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return nil, bodyTimeout{within}
	}
	return nil, err
}

// bodyTimeoutKey holds, in a request's context, how long its body may take to arrive.
const bodyTimeoutKey = "body-timeout"

// bodyTimeout is a 408: the body did not arrive within the deadline.
type bodyTimeout struct{ within time.Duration }

func (b bodyTimeout) Error() string {
	return fmt.Sprintf("The body did not arrive within %s; send it at once, or in a smaller piece.", b.within)
}

// unsupportedMedia is a 415: a body of a media type the route does not read.
type unsupportedMedia struct{ want string }

func (u unsupportedMedia) Error() string {
	return "Send the body as " + u.want + " (with that Content-Type)."
}

// preconditionRequired is a 428: an update or delete without If-Match.
type preconditionRequired struct{}

func (preconditionRequired) Error() string {
	return "Send If-Match with the ETag of the version you read, so that no one else's change is lost."
}

// readBody reads the request body of the given media type as a JSON object, and checks its field names:
// writable ones are kept, read-only ones dropped, any other is an error naming it and the allowed ones.
func readBody(c echo.Context, media string, writable, readOnly []string) (map[string]json.RawMessage, []byte, error) {
	ct, params, err := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if charset, ok := params["charset"]; err != nil || ct != media || (ok && !strings.EqualFold(charset, "utf-8")) {
		return nil, nil, unsupportedMedia{want: media + " in UTF-8"}
	}
	raw, err := readAllBody(c)
	if err != nil {
		return nil, nil, err
	}
	if !utf8.Valid(raw) {
		return nil, nil, &domain.Error{Code: domain.EINVALID, Message: "The body is not UTF-8 text: JSON is read in UTF-8 only.",
			Fields: []domain.FieldError{{Field: "body", In: "body", Message: "is not valid UTF-8"}}}
	}
	var fields map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&fields); err != nil || dec.More() || fields == nil {
		return nil, nil, &domain.Error{Code: domain.EINVALID, Message: "The body must be one JSON object.",
			Fields: []domain.FieldError{{Field: "body", In: "body", Message: "is not a JSON object"}}}
	}
	var unknown []string
	for name := range fields {
		switch {
		case slices.Contains(writable, name):
		case slices.Contains(readOnly, name):
			delete(fields, name)
		default:
			unknown = append(unknown, name)
		}
	}
	if err := noControlCharacters(fields); err != nil {
		return nil, nil, err
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		e := &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("Unknown field %s. The fields you can write are: %s.",
			strings.Join(quoteAll(unknown), ", "), strings.Join(writable, ", "))}
		for _, name := range unknown {
			e.Fields = append(e.Fields, domain.FieldError{Field: name, In: "body", Message: "is not a field of this resource"})
		}
		return nil, nil, e
	}
	return fields, raw, nil
}

// noControlCharacters refuses text with control characters other than newline and tab, in any field of a
// body (a NUL, an escape, a carriage return): they are never part of the programme's words, and they break
// the CSV and the pages built on them.
func noControlCharacters(fields map[string]json.RawMessage) error {
	var bad []domain.FieldError
	for name, raw := range fields {
		var v any
		if json.Unmarshal(raw, &v) == nil && hasControl(v) {
			bad = append(bad, domain.FieldError{Field: name, In: "body", Message: "must not contain control characters other than newline and tab"})
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.SortFunc(bad, func(a, b domain.FieldError) int { return strings.Compare(a.Field, b.Field) })
	return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "Text may not contain control characters other than newline and tab.", Fields: bad}
}

// hasControl reports whether a decoded JSON value holds a string with a control character other than
// newline and tab.
func hasControl(v any) bool {
	switch x := v.(type) {
	case string:
		return strings.IndexFunc(x, func(r rune) bool { return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) }) >= 0
	case []any:
		return slices.ContainsFunc(x, hasControl)
	case map[string]any:
		for _, e := range x {
			if hasControl(e) {
				return true
			}
		}
	}
	return false
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strconv.Quote(n)
	}
	return out
}

// fieldReader decodes fields of a body into Go values, collecting every type error.
type fieldReader struct {
	fields map[string]json.RawMessage
	errs   []domain.FieldError
}

func (r *fieldReader) read(name, want string, into any) bool {
	raw, ok := r.fields[name]
	if !ok || string(raw) == "null" {
		return false
	}
	if err := json.Unmarshal(raw, into); err != nil {
		r.errs = append(r.errs, domain.FieldError{Field: name, In: "body", Message: "must be " + want})
		return false
	}
	return true
}

// require notes a missing required field.
func (r *fieldReader) require(names ...string) {
	for _, name := range names {
		if raw, ok := r.fields[name]; !ok || string(raw) == "null" {
			r.errs = append(r.errs, domain.FieldError{Field: name, In: "body", Message: "is required"})
		}
	}
}

func (r *fieldReader) err() error {
	if len(r.errs) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.EUNPROCESSABLE, Message: "The body breaks the rules of some fields; errors lists them.", Fields: r.errs}
}

// sourceField reads a source given as its id, or as the source object a GET answer holds.
func (r *fieldReader) sourceField(name string) string {
	id, _ := r.ref(name, "id", "a source id")
	return id
}

// ref reads a field given as a string, or as the object a GET answer holds, whose key holds that string.
func (r *fieldReader) ref(field, key, want string) (string, bool) {
	raw, present := r.fields[field]
	if !present || string(raw) == "null" {
		return "", false
	}
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text, true
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil && json.Unmarshal(obj[key], &text) == nil && text != "" {
		return text, true
	}
	r.errs = append(r.errs, domain.FieldError{Field: field, In: "body", Message: "must be " + want + ", or the object a GET answer holds with its " + key})
	return "", true
}

// A record's plain GET, and every write's answer, carry the record's ETag: its version and a fingerprint
// of the answer, "v3.9f86d081884c7d65". The version is what the store checks atomically, so no update is
// lost; the fingerprint covers what the answer shows of other records (its source, a region's members),
// so the tag answers If-None-Match with 304 only while the answer is unchanged, and If-Match refuses a
// write when anything the client was shown has changed since. The version alone, "v3" (as the changes
// feed gives it), is accepted by If-Match too, as a claim about the record itself.

// recordETag is the ETag of a record at version whose answer is body.
func recordETag(version int64, body []byte) string {
	sum := sha256.Sum256(body)
	return versionTag(version)[:len(versionTag(version))-1] + "." + hex.EncodeToString(sum[:8]) + `"`
}

// versionTag is the version-only form of a record's ETag.
func versionTag(version int64) string { return `"v` + strconv.FormatInt(version, 10) + `"` }

// recordAnswer encodes a record as it is answered, with its ETag.
func recordAnswer(version int64, item any) ([]byte, string, error) {
	body, err := encodeJSON(item)
	if err != nil {
		return nil, "", err
	}
	return body, recordETag(version, body), nil
}

// serveRecord answers a record with its ETag.
func serveRecord(c echo.Context, status int, version int64, item any) error {
	body, etag, err := recordAnswer(version, item)
	if err != nil {
		return err
	}
	c.Response().Header().Set("ETag", etag)
	return c.JSONBlob(status, body)
}

// preconditionFailed is a 412: If-Match names no version the record has now. etag is the current one.
type preconditionFailed struct{ etag string }

func (preconditionFailed) Error() string {
	return "The record has changed since the version If-Match names; read it again, apply your change to " +
		"the current version, and send that version's ETag."
}

// ifMatch reads the entity tags of If-Match: 428 when absent or *, 400 when not entity tags at all.
func ifMatch(c echo.Context) ([]string, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil, preconditionRequired{}
	}
	var tags []string
	for _, tag := range strings.Split(h, ",") {
		tag = strings.TrimSpace(tag)
		opaque := strings.TrimPrefix(tag, "W/")
		if len(opaque) < 2 || opaque[0] != '"' || opaque[len(opaque)-1] != '"' || strings.Contains(opaque[1:len(opaque)-1], `"`) {
			return nil, &domain.Error{Code: domain.EINVALID, Message: "If-Match must be the ETag of a version, such as \"v3.9f86d081884c7d65\".",
				Fields: []domain.FieldError{{Field: "If-Match", In: "header", Message: "is not an entity tag (a quoted string)"}}}
		}
		tags = append(tags, tag)
	}
	return tags, nil
}

// satisfies reports whether If-Match's tags name the record as it is: its ETag, or its version alone.
// Comparison is strong, as RFC 9110 asks for If-Match: a weak tag never matches.
func satisfies(tags []string, version int64, etag string) bool {
	for _, tag := range tags {
		if tag == etag || tag == versionTag(version) {
			return true
		}
	}
	return false
}

// mergePatch applies an RFC 7396 JSON Merge Patch to a document.
func mergePatch(doc map[string]json.RawMessage, patch map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range doc {
		out[k] = v
	}
	for k, v := range patch {
		if string(v) == "null" {
			delete(out, k)
			continue
		}
		var sub map[string]json.RawMessage
		var cur map[string]json.RawMessage
		if json.Unmarshal(v, &sub) == nil && json.Unmarshal(out[k], &cur) == nil && sub != nil && cur != nil {
			merged, _ := json.Marshal(mergePatch(cur, sub))
			out[k] = merged
			continue
		}
		out[k] = v
	}
	return out
}

// requestHash identifies a create for its Idempotency-Key: method, path and body.
func requestHash(c echo.Context, body []byte) string {
	h := sha256.New()
	io.WriteString(h, c.Request().Method+" "+c.Request().URL.Path+"\n")
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}
