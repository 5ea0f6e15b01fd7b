// Package slips draws the one-stop shop's slips as PDF, in the official forms (Circular
// 01/2018/TT-VPCP, numbered as Circular 03/2025/TT-VPCP numbers them for dossiers under
// the 2025 rules): 01 the receipt and appointment, with the components received and the
// appointment hour; 02 the supplement request; 03 the refusal; 04 the apology with a new
// date; 05 (2018) / 06 (2025) the process-control slip (the processing log); and the
// result delivery slip, which no circular numbers. Every slip has the province and
// agency header, the national motto, the place and date line, the signature blocks and
// a QR code (package qr) linking to the public lookup; Issuer.Issue then signs it
// (package signer). Text is never cut: paragraphs and table cells wrap, and a table row
// taller than the rest of a page continues on the next. Text is set in DejaVu Sans
// (embedded), which has every Vietnamese glyph.
package slips

import (
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Kind describes a kind of slip.
type Kind struct {
	Title string
	// Action is the log action the slip is made from (its latest row); "" for the
	// processing log, made from every row.
	Action string
	// Form2018 and Form2025 are the form's number in Circular 01/2018/TT-VPCP and in
	// Circular 03/2025/TT-VPCP; "" when the circular has no such form.
	Form2018, Form2025 string
}

// Kinds of slips by the name the API uses ("receipt", "supplement", "refusal",
// "apology", "log", "delivery").
var Kinds = map[string]Kind{
	"receipt":    {"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", domain.ActionReceived, "01", "01"},
	"supplement": {"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", domain.ActionSupplementRequested, "02", "02"},
	"refusal":    {"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", domain.ActionRefused, "03", "03"},
	"apology":    {"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", domain.ActionExtended, "04", "04"},
	"log":        {"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "", "05", "06"},
	"delivery":   {"PHIẾU TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ", domain.ActionDelivered, "", ""},
}

// Edition is the circular whose form numbers a slip cites; a dossier keeps the edition
// of the rules it was received under.
type Edition int

// Editions of the forms.
const (
	// Edition2025 is Circular 03/2025/TT-VPCP (guiding Decree 118/2025/NĐ-CP); the zero
	// value.
	Edition2025 Edition = iota
	// Edition2018 is Circular 01/2018/TT-VPCP (guiding Decree 61/2018/NĐ-CP).
	Edition2018
)

// Config is what every slip of a deployment shares.
type Config struct {
	// Province is the province's name, e.g. "Bắc Kạn".
	Province string
	// Parent is the governing body printed above the agency; "" means "ỦY BAN NHÂN DÂN
	// TỈNH " and the province in capitals.
	Parent string
	// Place is the place name of the date line; "" means the province.
	Place string
	// LookupBase is the public portal's base URL, e.g. "https://dichvucong.backan.gov.vn":
	// the QR code links to LookupBase + "/tra-cuu?code=…".
	LookupBase string
	// IDKey is the secret of the applicant hash in the QR code (qr.ApplicantHash).
	IDKey []byte
	// Operator and Hotline, when set, close every slip: who runs the portal and its
	// support number (config portal.operator, portal.hotline).
	Operator, Hotline string
}

// Received is a document handed in: a component of the dossier with the number of
// originals (bản chính) and copies (bản sao).
type Received struct {
	Name      string
	Originals int
	Copies    int
}

// Input is one dossier's data for its slips.
type Input struct {
	Dossier domain.Dossier
	Events  []domain.Event // the processing log, in order
	// ProcedureCode is the procedure's code in the national database (e.g. "1.004440"),
	// carried by the QR code.
	ProcedureCode string
	// Components are the documents received, for the receipt (see ReceivedFrom).
	Components []Received
	// ProcessingDays is the procedure's time limit in working days (0: not printed).
	ProcessingDays int
	// ResultPlace is where the citizen registered to receive the result ("" means the
	// one-stop shop).
	ResultPlace string
	Edition     Edition
}

// ErrNotAvailable: the kind is unknown, or the dossier has no log row for it (e.g. no
// refusal), or it has no code yet (404).
var ErrNotAvailable = domain.NewError(domain.NotFound, "slip_not_available", "Hồ sơ không có phiếu này.")

// Available reports whether events allow a slip of kind.
func Available(kind string, events []domain.Event) bool {
	k, ok := Kinds[kind]
	if !ok {
		return false
	}
	if k.Action == "" {
		return len(events) > 0
	}
	return latest(events, k.Action) != nil
}

// Source is the sequence number of the log row a slip of kind is drawn from: the latest
// row of its action, or the last row for the processing log; false when the slip is not
// available. A slip is issued once per source row.
func Source(kind string, events []domain.Event) (int, bool) {
	k, ok := Kinds[kind]
	switch {
	case !ok || len(events) == 0:
		return 0, false
	case k.Action == "":
		return events[len(events)-1].Seq, true
	}
	if row := latest(events, k.Action); row != nil {
		return row.Seq, true
	}
	return 0, false
}

// latest is the last row of events with action, or nil.
func latest(events []domain.Event, action string) *domain.Event {
	var row *domain.Event
	for i := range events {
		if events[i].Action == action {
			row = &events[i]
		}
	}
	return row
}

// ReceivedFrom lists the components that have at least one attached file, with the
// numbers of originals and copies the procedure asks for (an online dossier's files
// stand for them).
func ReceivedFrom(components []domain.Component, files []domain.DossierFile) []Received {
	attached := map[int64]bool{}
	for _, f := range files {
		if f.ComponentID != nil && f.Kind != "result" {
			attached[*f.ComponentID] = true
		}
	}
	var out []Received
	for _, c := range components {
		if attached[c.ID] {
			out = append(out, Received{Name: c.Name, Originals: c.Originals, Copies: c.Copies})
		}
	}
	return out
}

// issuedAt is the slip's date: its log row's time, else the last row's, else now.
func issuedAt(row *domain.Event, events []domain.Event) time.Time {
	switch {
	case row != nil:
		return row.At
	case len(events) > 0:
		return events[len(events)-1].At
	}
	return time.Now()
}
