// Package filestore is the content-addressed store for the documents citizens attach to
// their dossiers. A file is stored under the hex SHA-256 of its content in a local
// directory; the database keeps the metadata (owner, original name, dossier) and refers
// to the file by that hash.
//
// Only a few kinds of documents are accepted, and the kind is always detected from the
// content, never from the file name or the Content-Type the client sent. Detection is a
// type check, not a validator: a file that starts with a PDF signature is accepted as a
// PDF even if the rest of it is junk. What it does guarantee is that executables, HTML,
// scripts, SVG, plain archives and anything else not listed are refused.
package filestore

import "errors"

// Kinds of documents accepted, detected from content (never from the file name or the
// client's Content-Type). The values are MIME types, suitable for a Content-Type header
// when the file is served back.
const (
	// PDF is a document whose content starts with "%PDF-".
	PDF = "application/pdf"
	// PNG is an image whose content starts with the PNG signature.
	PNG = "image/png"
	// JPEG is an image whose content starts with the JPEG SOI marker FF D8 FF.
	JPEG = "image/jpeg"
	// DOCX is an Office Open XML word-processing document: a ZIP holding
	// "[Content_Types].xml" and "word/document.xml".
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	// XLSX is an Office Open XML spreadsheet: a ZIP holding "[Content_Types].xml" and
	// "xl/workbook.xml".
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	// DOC is a legacy Word document: an OLE compound file (D0 CF 11 E0 A1 B1 1A E1)
	// whose root storage holds a "WordDocument" stream.
	DOC = "application/msword"
	// XLS is a legacy Excel workbook: an OLE compound file whose root storage holds a
	// "Workbook" (Excel 97 and later) or "Book" (Excel 5/95) stream.
	XLS = "application/vnd.ms-excel"
	// ODT is an OpenDocument text: a ZIP whose "mimetype" entry contains exactly
	// "application/vnd.oasis.opendocument.text".
	ODT = "application/vnd.oasis.opendocument.text"
)

// Errors returned by Put and Open; compare with errors.Is.
var (
	// ErrTooLarge means the file exceeds the store's MaxSize.
	ErrTooLarge = errors.New("filestore: file too large")
	// ErrForbiddenType means the content is not one of the accepted kinds.
	ErrForbiddenType = errors.New("filestore: file type not accepted")
	// ErrEmpty means the file has no content.
	ErrEmpty = errors.New("filestore: empty file")
	// ErrNotFound means no file is stored under that hash, or the hash is malformed.
	ErrNotFound = errors.New("filestore: file not found")
)
