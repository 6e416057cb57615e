package buildcache

import (
	"encoding/binary"
	"errors"
)

// Writer appends values in the store's encoding: uvarints, and strings
// and byte slices prefixed with their length.
type Writer struct{ b []byte }

// NewWriter returns a Writer that appends to b.
func NewWriter(b []byte) *Writer { return &Writer{b: b} }

// Bytes16 writes b as it is.
func (w *Writer) Bytes16(b [16]byte) { w.b = append(w.b, b[:]...) }

// Bytes returns what was written.
func (w *Writer) Bytes() []byte { return w.b }

// Uvarint writes v.
func (w *Writer) Uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

// Int writes v, which may be negative.
func (w *Writer) Int(v int) { w.b = binary.AppendVarint(w.b, int64(v)) }

// Bool writes b.
func (w *Writer) Bool(b bool) {
	if b {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// Uint32 writes v in four bytes.
func (w *Writer) Uint32(v uint32) { w.b = binary.LittleEndian.AppendUint32(w.b, v) }

// String writes s.
func (w *Writer) String(s string) { w.Uvarint(uint64(len(s))); w.b = append(w.b, s...) }

// Raw writes b.
func (w *Writer) Raw(b []byte) { w.Uvarint(uint64(len(b))); w.b = append(w.b, b...) }

// errShort reports a value that runs past the end of its record.
var errShort = errors.New("page cache: malformed record")

// Reader reads what a Writer wrote. After the first error, every read
// returns a zero value and Err reports it.
type Reader struct {
	b   []byte
	err error
}

// NewReader returns a Reader of b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Err returns the first error, or nil; a record with bytes left over is
// malformed too.
func (r *Reader) Err() error {
	if r.err == nil && len(r.b) != 0 {
		return errShort
	}
	return r.err
}

func (r *Reader) fail() { r.err, r.b = errShort, nil }

// Uvarint reads a uvarint.
func (r *Reader) Uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Int reads an Int.
func (r *Reader) Int() int {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

// Bool reads a Bool.
func (r *Reader) Bool() bool { b := r.Bytes(1); return len(b) == 1 && b[0] == 1 }

// Uint32 reads a Uint32.
func (r *Reader) Uint32() uint32 {
	b := r.Bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// Bytes reads n bytes, without a length: the slice shares the record.
func (r *Reader) Bytes(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.fail()
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// String reads a String.
func (r *Reader) String() string { return string(r.Raw()) }

// Raw reads a Raw, sharing the record.
func (r *Reader) Raw() []byte {
	n := r.Uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	return r.Bytes(int(n))
}
