package filestore

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDetect: type detection never panics on any content (ZIP central directories and
// OLE sector chains included), accepts only the kinds of this package, each with its
// signature at offset 0, and Put agrees with it, storing exactly what Detect accepts.
func FuzzDetect(f *testing.F) {
	f.Add(samplePDF())
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE0})
	f.Add(sampleDOCX(f))
	f.Add(sampleXLSX(f))
	f.Add(sampleODF(f, ODT))
	f.Add(sampleOLE("WordDocument"))
	f.Add(sampleOLE("Workbook", "SummaryInformation"))
	f.Add(append([]byte("MZ\x90\x00"), sampleDOCX(f)...))
	f.Add([]byte("<!DOCTYPE html><script>alert(1)</script>"))
	f.Add([]byte("PK\x03\x04truncated"))
	f.Add(sampleOLE("WordDocument")[:600])
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content []byte) {
		kind := Detect(content)
		sig := map[string][]byte{PDF: sigPDF, PNG: sigPNG, JPEG: sigJPEG, DOCX: sigZIP, XLSX: sigZIP, ODT: sigZIP, DOC: sigOLE, XLS: sigOLE}
		if kind != "" {
			want, ok := sig[kind]
			if !ok || !bytes.HasPrefix(content, want) {
				t.Fatalf("Detect = %q for %q", kind, content[:min(len(content), 16)])
			}
		}
		s := &Store{Dir: dir, MaxSize: 1 << 20}
		stored, err := s.Put(bytes.NewReader(content))
		switch {
		case kind == "" && len(content) > 0 && !errors.Is(err, ErrForbiddenType):
			t.Fatalf("Put of undetected content: %+v %v", stored, err)
		case len(content) == 0 && !errors.Is(err, ErrEmpty):
			t.Fatalf("Put of nothing: %v", err)
		case kind != "" && (err != nil || stored.Type != kind || stored.Size != int64(len(content))):
			t.Fatalf("Put of %s: %+v %v", kind, stored, err)
		}
	})
}
