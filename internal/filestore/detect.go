package filestore

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strings"
)

// Signatures checked at the start of the content.
var (
	sigPDF  = []byte("%PDF-")
	sigPNG  = []byte("\x89PNG\r\n\x1a\n")
	sigJPEG = []byte{0xFF, 0xD8, 0xFF}
	sigZIP  = []byte("PK\x03\x04")
	sigOLE  = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Detect returns the kind of content (one of the constants of this package), or "" when
// it is not accepted.
//
// PDF, PNG and JPEG are recognised by their signature alone, so the first bytes (up to
// 512) are enough. ZIP-based formats (DOCX, XLSX, ODT) and OLE-based formats (DOC, XLS)
// need the whole content, because their central directory or directory sectors may be
// anywhere in the file; given only a prefix they are refused.
//
// This is a type check, not a validator: it does not parse the document beyond what is
// needed to tell its kind, so a damaged file with a valid signature is accepted. Macro
// enabled Office Open XML files (with a vbaProject.bin entry) are refused.
func Detect(content []byte) string {
	switch {
	case bytes.HasPrefix(content, sigPDF):
		return PDF
	case bytes.HasPrefix(content, sigPNG):
		return PNG
	case bytes.HasPrefix(content, sigJPEG):
		return JPEG
	case bytes.HasPrefix(content, sigZIP):
		// Requiring the signature at offset 0 refuses self-extracting executables,
		// which are an EXE with a ZIP appended that zip.NewReader would still open.
		return detectZIP(content)
	case bytes.HasPrefix(content, sigOLE):
		return detectOLE(content)
	}
	return ""
}

// odtMime is the content of the "mimetype" entry of an OpenDocument text.
const odtMime = ODT

// detectZIP tells DOCX, XLSX and ODT apart; any other ZIP (or a broken one) gives "".
func detectZIP(content []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return ""
	}
	var contentTypes, document, workbook bool
	var mimetype *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(path.Base(f.Name), "vbaProject.bin") {
			return "" // macro-enabled (.docm, .xlsm): not an accepted kind
		}
		switch f.Name {
		case "[Content_Types].xml":
			contentTypes = true
		case "word/document.xml":
			document = true
		case "xl/workbook.xml":
			workbook = true
		case "mimetype":
			mimetype = f
		}
	}
	switch {
	case contentTypes && document && !workbook:
		return DOCX
	case contentTypes && workbook && !document:
		return XLSX
	case mimetype != nil && zipEntryIs(mimetype, odtMime):
		return ODT
	}
	return ""
}

// zipEntryIs reports whether the entry's content is exactly want, reading at most one
// byte more than want so that a compressed bomb cannot make it read much.
func zipEntryIs(f *zip.File, want string) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	got, err := io.ReadAll(io.LimitReader(rc, int64(len(want))+1))
	return err == nil && string(got) == want
}
