package api

import (
	"bytes"
	"encoding/json"
)

// optional tells an absent field from an explicit null in a PATCH body.
type optional[T any] struct {
	Set   bool // the field was in the body
	Value *T   // nil when it was null
}

// UnmarshalJSON decodes strictly: a custom unmarshaler would otherwise lose the
// outer decoder's refusal of unknown fields.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	o.Value = new(T)
	return dec.Decode(o.Value)
}
