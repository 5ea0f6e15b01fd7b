package filestore

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
)

// ---- sample contents ----

func samplePDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF\n")
}

func sampleImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := 0; x < 4; x++ {
		for y := 0; y < 3; y++ {
			img.Set(x, y, color.RGBA{uint8(60 * x), uint8(80 * y), 200, 255})
		}
	}
	return img
}

func samplePNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, sampleImage()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sampleJPEG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, sampleImage(), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipEntry is one file of a ZIP built by makeZIP; stored entries are not compressed.
type zipEntry struct {
	name, body string
	stored     bool
}

func makeZIP(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.stored {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/></Types>`

func sampleDOCX(t testing.TB) []byte {
	return makeZIP(t,
		zipEntry{name: "[Content_Types].xml", body: contentTypesXML},
		zipEntry{name: "_rels/.rels", body: `<Relationships/>`},
		zipEntry{name: "word/document.xml", body: `<w:document><w:body><w:p><w:r><w:t>Đơn đề nghị</w:t></w:r></w:p></w:body></w:document>`},
	)
}

func sampleXLSX(t testing.TB) []byte {
	return makeZIP(t,
		zipEntry{name: "[Content_Types].xml", body: contentTypesXML},
		zipEntry{name: "_rels/.rels", body: `<Relationships/>`},
		zipEntry{name: "xl/workbook.xml", body: `<workbook><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>`},
		zipEntry{name: "xl/worksheets/sheet1.xml", body: `<worksheet/>`},
	)
}

func sampleODF(t testing.TB, mimetype string) []byte {
	return makeZIP(t,
		zipEntry{name: "mimetype", body: mimetype, stored: true},
		zipEntry{name: "content.xml", body: `<office:document-content/>`},
		zipEntry{name: "META-INF/manifest.xml", body: `<manifest:manifest/>`},
	)
}

// sampleOLE builds a minimal but well-formed version 3 compound file: the header, one FAT
// sector (sector 0) and one directory sector (sector 1) holding the root entry and an
// (empty) stream entry for each name. At most 3 streams.
func sampleOLE(streams ...string) []byte {
	const sector = 512
	le := binary.LittleEndian
	b := make([]byte, 3*sector)
	h := b[:sector]
	copy(h, sigOLE)
	le.PutUint16(h[0x18:], 0x3E)   // minor version
	le.PutUint16(h[0x1A:], 3)      // major version
	le.PutUint16(h[0x1C:], 0xFFFE) // byte order
	le.PutUint16(h[0x1E:], 9)      // sector shift
	le.PutUint16(h[0x20:], 6)      // mini sector shift
	le.PutUint32(h[0x2C:], 1)      // FAT sectors
	le.PutUint32(h[0x30:], 1)      // first directory sector
	le.PutUint32(h[0x38:], 4096)   // mini stream cutoff
	le.PutUint32(h[0x3C:], oleEndOfChain)
	le.PutUint32(h[0x44:], oleEndOfChain)
	for i := 0; i < oleHeaderFAT; i++ {
		le.PutUint32(h[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(h[0x4C:], 0) // the FAT is sector 0

	fat := b[sector : 2*sector]
	for i := 0; i < sector/4; i++ {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // sector 0: FAT
	le.PutUint32(fat[4:], oleEndOfChain)

	dir := b[2*sector:]
	entry := func(i int, name string, typ byte, right, child uint32) {
		e := dir[i*oleDirEntry : (i+1)*oleDirEntry]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		if name != "" {
			le.PutUint16(e[0x40:], uint16(2*len(u)+2))
		}
		e[0x42] = typ
		le.PutUint32(e[0x44:], oleNoStream)
		le.PutUint32(e[0x48:], right)
		le.PutUint32(e[0x4C:], child)
		le.PutUint32(e[0x74:], oleEndOfChain) // start sector
	}
	for i := 0; i < 4; i++ {
		entry(i, "", 0, oleNoStream, oleNoStream)
	}
	child := uint32(oleNoStream)
	if len(streams) > 0 {
		child = 1
	}
	entry(0, "Root Entry", oleRoot, oleNoStream, child)
	for i, name := range streams {
		right := uint32(oleNoStream)
		if i+1 < len(streams) {
			right = uint32(i + 2)
		}
		entry(i+1, name, oleStream, right, oleNoStream)
	}
	return b
}

// ---- helpers ----

// files lists the regular files under dir, relative to it.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readStored(t *testing.T, s *Store, hash string) []byte {
	t.Helper()
	f, err := s.Open(hash)
	if err != nil {
		t.Fatalf("Open(%s): %v", hash, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// countingReader yields n bytes (starting with prefix, then 'x') and counts what was read.
type countingReader struct {
	prefix []byte
	n      int64
	read   int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	if rem := r.n - r.read; int64(len(p)) > rem {
		p = p[:rem]
	}
	for i := range p {
		if pos := r.read + int64(i); pos < int64(len(r.prefix)) {
			p[i] = r.prefix[pos]
		} else {
			p[i] = 'x'
		}
	}
	r.read += int64(len(p))
	return len(p), nil
}

// ---- tests ----

func TestPutAccepted(t *testing.T) {
	junkPDF := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0, 0xFF, 'j'}, 100000)...)
	cases := []struct {
		name    string
		content []byte
		want    string
	}{
		{"pdf", samplePDF(), PDF},
		{"pdf followed by junk", junkPDF, PDF},
		{"png", samplePNG(t), PNG},
		{"jpeg", sampleJPEG(t), JPEG},
		{"docx", sampleDOCX(t), DOCX},
		{"xlsx", sampleXLSX(t), XLSX},
		{"odt", sampleODF(t, ODT), ODT},
		{"doc", sampleOLE("\x01CompObj", "WordDocument", "1Table"), DOC},
		{"xls", sampleOLE("Workbook", "\x05SummaryInformation"), XLS},
		{"xls 95", sampleOLE("Book"), XLS},
	}
	s := &Store{Dir: t.TempDir()}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, err := s.Put(bytes.NewReader(c.content))
			if err != nil {
				t.Fatalf("Put: %v", err)
			}
			want := Stored{Hash: sha(c.content), Size: int64(len(c.content)), Type: c.want}
			if st != want {
				t.Fatalf("Put = %+v, want %+v", st, want)
			}
			if got := readStored(t, s, st.Hash); !bytes.Equal(got, c.content) {
				t.Fatalf("Open returned %d bytes, differing from the %d put", len(got), len(c.content))
			}
			p := filepath.Join(s.Dir, st.Hash[:2], st.Hash[2:])
			if _, err := os.Stat(p); err != nil {
				t.Fatalf("not stored at Dir/ab/cdef...: %v", err)
			}
		})
	}
	if got := files(t, s.Dir); len(got) != len(cases) {
		t.Fatalf("files in Dir = %v, want %d", got, len(cases))
	}
}

func TestDetectPrefixOnly(t *testing.T) {
	for name, c := range map[string]struct {
		content []byte
		want    string
	}{
		"pdf":  {samplePDF(), PDF},
		"png":  {samplePNG(t), PNG},
		"jpeg": {sampleJPEG(t), JPEG},
	} {
		head := c.content[:min(512, len(c.content))]
		if got := Detect(head); got != c.want {
			t.Errorf("Detect(first bytes of %s) = %q, want %q", name, got, c.want)
		}
	}
}

func TestPutTwice(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	content := sampleDOCX(t)
	a, err := s.Put(bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(s.Dir, a.Hash[:2], a.Hash[2:])
	before, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Put(bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("second Put = %+v, first %+v", b, a)
	}
	after, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("the existing file was rewritten")
	}
	if got := files(t, s.Dir); len(got) != 1 {
		t.Fatalf("files in Dir = %v, want one", got)
	}
}

func TestPutTooLarge(t *testing.T) {
	const limit = 1024
	s := &Store{Dir: t.TempDir(), MaxSize: limit}

	r := &countingReader{prefix: []byte("%PDF-1.4\n"), n: 1 << 30}
	if _, err := s.Put(r); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Put(1 GiB) = %v, want ErrTooLarge", err)
	}
	if r.read > limit+1 {
		t.Errorf("Put read %d bytes of an oversized upload, want at most %d", r.read, limit+1)
	}

	// The limit itself is accepted, one byte more is not.
	exact := &countingReader{prefix: []byte("%PDF-1.4\n"), n: limit}
	if st, err := s.Put(exact); err != nil || st.Size != limit {
		t.Fatalf("Put(exactly MaxSize) = %+v, %v", st, err)
	}
	over := &countingReader{prefix: []byte("%PDF-1.4\n"), n: limit + 1}
	if _, err := s.Put(over); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Put(MaxSize+1) = %v, want ErrTooLarge", err)
	}
	if got := files(t, s.Dir); len(got) != 1 {
		t.Errorf("files in Dir = %v, want only the accepted one", got)
	}
}

func TestPutDefaultMaxSize(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	r := &countingReader{prefix: []byte("%PDF-1.4\n"), n: 64 << 20}
	if _, err := s.Put(r); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Put(64 MiB) = %v, want ErrTooLarge", err)
	}
	if r.read > DefaultMaxSize+1 {
		t.Errorf("Put read %d bytes, want at most %d", r.read, DefaultMaxSize+1)
	}
	if got := files(t, s.Dir); len(got) != 0 {
		t.Errorf("files in Dir = %v, want none", got)
	}
}

func TestPutEmpty(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	if _, err := s.Put(strings.NewReader("")); !errors.Is(err, ErrEmpty) {
		t.Fatalf("Put(empty) = %v, want ErrEmpty", err)
	}
	if got := files(t, s.Dir); len(got) != 0 {
		t.Errorf("files in Dir = %v, want none", got)
	}
}

func TestPutForbidden(t *testing.T) {
	docx := sampleDOCX(t)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), make([]byte, 200)...)
	cases := map[string][]byte{
		"exe":        exe,
		"elf":        append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 100)...),
		"html":       []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
		"script":     []byte("#!/bin/sh\nrm -rf /\n"),
		"javascript": []byte("fetch('/api/dossiers').then(r => r.json())"),
		"svg": []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">` +
			`<script>alert(1)</script></svg>`),
		"text":      []byte("just some text"),
		"plain zip": makeZIP(t, zipEntry{name: "a.txt", body: "hello"}),
		"zip renamed docx without word/document.xml": makeZIP(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML},
			zipEntry{name: "evil.exe", body: "MZ"}),
		"docx without [Content_Types].xml": makeZIP(t,
			zipEntry{name: "word/document.xml", body: "<w:document/>"}),
		"docm with macros": makeZIP(t,
			zipEntry{name: "[Content_Types].xml", body: contentTypesXML},
			zipEntry{name: "word/document.xml", body: "<w:document/>"},
			zipEntry{name: "word/vbaProject.bin", body: "\xd0\xcf\x11\xe0"}),
		"self-extracting exe with docx appended": append(exe, docx...),
		"truncated docx":                         docx[:len(docx)-30],
		"ods (not odt)":                          sampleODF(t, "application/vnd.oasis.opendocument.spreadsheet"),
		"odt mimetype with trailing junk":        sampleODF(t, ODT+"x"),
		"bare OLE header":                        append(append([]byte{}, sigOLE...), make([]byte, 504)...),
		"OLE without word or excel stream (msi)": sampleOLE("\u4840\u3b3f\u4577", "\x05SummaryInformation"),
		"OLE with both word and excel streams":   sampleOLE("WordDocument", "Workbook"),
		"truncated OLE":                          sampleOLE("WordDocument")[:700],
		"gif":                                    []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			s := &Store{Dir: t.TempDir()}
			if st, err := s.Put(bytes.NewReader(content)); !errors.Is(err, ErrForbiddenType) {
				t.Fatalf("Put = %+v, %v; want ErrForbiddenType", st, err)
			}
			entries, err := os.ReadDir(s.Dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 0 {
				t.Errorf("Dir holds %d entries after a refused Put, want none", len(entries))
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestPutReadError(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	r := io.MultiReader(strings.NewReader("%PDF-1.4\n"), failingReader{})
	_, err := s.Put(r)
	if err == nil || errors.Is(err, ErrForbiddenType) || errors.Is(err, ErrEmpty) {
		t.Fatalf("Put = %v, want the read error", err)
	}
	if got := files(t, s.Dir); len(got) != 0 {
		t.Errorf("files in Dir = %v, want none", got)
	}
}

func TestOpenInvalidHash(t *testing.T) {
	root := t.TempDir()
	// A file outside Dir that a path trick could reach.
	if err := os.WriteFile(filepath.Join(root, "secret"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Store{Dir: filepath.Join(root, "store")}
	st, err := s.Put(bytes.NewReader(samplePDF()))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{
		"../../etc/passwd",
		"../secret",
		"/etc/passwd",
		strings.ToUpper(st.Hash),
		st.Hash[:10],
		st.Hash + "0",
		"",
		st.Hash[:2] + "/" + st.Hash[3:],
		st.Hash[:62] + "..",
		strings.Repeat("g", 64),
	} {
		f, err := s.Open(h)
		if !errors.Is(err, ErrNotFound) {
			if f != nil {
				f.Close()
			}
			t.Errorf("Open(%q) = %v, want ErrNotFound", h, err)
		}
	}
	// Well-formed but absent.
	if _, err := s.Open(sha([]byte("absent"))); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open(absent) = %v, want ErrNotFound", err)
	}
	// The real one still opens.
	if got := readStored(t, s, st.Hash); !bytes.Equal(got, samplePDF()) {
		t.Error("Open returned different bytes")
	}
}

func TestConcurrentPut(t *testing.T) {
	s := &Store{Dir: t.TempDir()}
	content := samplePNG(t)
	const n = 8
	results := make([]Stored, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = s.Put(bytes.NewReader(content))
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Put #%d: %v", i, errs[i])
		}
		if results[i] != results[0] {
			t.Fatalf("Put #%d = %+v, #0 = %+v", i, results[i], results[0])
		}
	}
	got := files(t, s.Dir)
	want := filepath.Join(results[0].Hash[:2], results[0].Hash[2:])
	if len(got) != 1 || got[0] != want {
		t.Fatalf("files in Dir = %v, want [%s]", got, want)
	}
	if b := readStored(t, s, results[0].Hash); !bytes.Equal(b, content) {
		t.Error("Open returned different bytes")
	}
}
