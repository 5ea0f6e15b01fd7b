package service

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/validate"
)

// PublicDossier is what the public lookup shows of a dossier: personal data masked
// unless the caller owns the dossier or gives its update code; officers' notes left out.
type PublicDossier struct {
	Code string `json:"code"`
	// Applicant is the applicant's name and address, masked when Masked.
	Applicant ApplicantView `json:"applicant"`
	// Owner and Address repeat Applicant's name and address: deprecated, kept for one
	// release.
	Owner       string        `json:"owner"`
	Address     string        `json:"address"`
	Masked      bool          `json:"masked"`
	Procedure   string        `json:"procedure_name"`
	Agency      string        `json:"agency_name"`
	SubmittedAt *time.Time    `json:"submitted_at"`
	ReceivedAt  *time.Time    `json:"received_at"`
	DueAt       *time.Time    `json:"due_at"`
	Status      domain.Status `json:"status"`
	StatusLabel string        `json:"status_label"`
	Events      []LogRow      `json:"events"`
	// Appointment explains the due date (LookupQuery.Explain; the pages show it).
	Appointment *calendar.Appointment `json:"-"`
	// QR is the check of a scanned QR code's fields (absent when not asked).
	QR *QRCheck `json:"qr,omitempty"`
}

// LookupQuery is a public lookup: by Code (one dossier) or, Code empty, by IDNumber (up to
// 20 dossiers), for Viewer (nil when anonymous) from address ClientIP, with the dossier's
// UpdateCode when the caller gives one (it unmasks, as ownership does). Procedure and
// Applicant are the other fields of a scanned QR code (the procedure's code and the
// applicant hash), checked against the dossier.
type LookupQuery struct {
	Code, IDNumber, UpdateCode string
	Procedure, Applicant       string
	Viewer                     *domain.Account
	ClientIP                   string
	// Explain adds each received dossier's explained appointment.
	Explain bool
}

var errTooManyLookups = domain.NewError(domain.TooMany, "too_many_requests", "Tra cứu quá nhiều lần, vui lòng thử lại sau ít phút.")

// Lookup finds the dossier with q.Code, or the dossiers of q.IDNumber, as the public sees
// them, LookupLimit lookups a minute per client address. Errors: too_many_requests (with
// RetryAfter), invalid_code (with fields), dossier_not_found.
func (s *Service) Lookup(ctx context.Context, q LookupQuery) ([]PublicDossier, error) {
	if ok, wait := s.lookupLimiter.take(ctx, q.ClientIP); !ok {
		e := *errTooManyLookups
		e.RetryAfter = wait
		return nil, &e
	}
	code, idNumber := dossiercode.Normalize(q.Code), strings.ToUpper(strings.TrimSpace(q.IDNumber))
	var ds []domain.DossierLog
	switch {
	case code != "":
		if _, err := dossiercode.Parse(code); err != nil {
			return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_code", Message: "Mã hồ sơ không hợp lệ.",
				Fields: map[string]string{"code": "Nhập mã hồ sơ dạng 000.00.03.H03-200811-0001."}}
		}
		d, err := s.LookupCache.LookupRead(code, func() (domain.DossierLog, bool, error) { return s.lookupByCode(ctx, code) })
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	case idNumber != "":
		if _, ok := validate.IDNumber(idNumber); !ok {
			return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_code", Message: "Số giấy tờ tùy thân không hợp lệ.",
				Fields: map[string]string{"id_number": "Nhập số CMND (9 số), CCCD (12 số) hoặc hộ chiếu."}}
		}
		var err error
		ds, err = reads(s, func(st *postgres.Store) ([]domain.DossierLog, error) { return st.LookupByIDNumber(ctx, idNumber, 20) })
		if err != nil {
			return nil, err
		}
	default:
		return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_code", Message: "Nhập mã hồ sơ hoặc số giấy tờ tùy thân.",
			Fields: map[string]string{"code": "Bắt buộc nếu không nhập số giấy tờ."}}
	}
	items := []PublicDossier{}
	for _, d := range ds {
		item := s.publicDossier(ctx, q, d.Dossier, d.Events)
		if q.Explain {
			var err error
			if item.Appointment, err = s.Appointment(ctx, d.Dossier, d.Events); err != nil {
				return nil, err
			}
		}
		items = append(items, item)
	}
	return items, nil
}

// lookupByCode reads the dossier with code and its log, on the read replica when there is
// one, and says whether the replica answered. A code the replica does not know is looked
// for on the primary: it may have just been given (the citizen looks up the code the
// submission answered), and an unknown code costs no more than before.
func (s *Service) lookupByCode(ctx context.Context, code string) (domain.DossierLog, bool, error) {
	d, replica, err := readOn(s, func(st *postgres.Store) (domain.DossierLog, error) { return st.LookupByCode(ctx, code) })
	if replica && domain.IsKind(err, domain.NotFound) {
		d, err = s.Store.LookupByCode(ctx, code)
		return d, false, err
	}
	return d, replica, err
}

// publicDossier is dossier d with its processing log as the public sees them.
func (s *Service) publicDossier(ctx context.Context, q LookupQuery, d domain.Dossier, events []domain.Event) PublicDossier {
	r := PublicDossier{Code: *d.Code, Owner: d.Name, Address: d.Address, Procedure: d.ProcedureName, Agency: d.AgencyName,
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Status: d.Status,
		StatusLabel: d.Status.Label(), Events: LogRows(events), QR: s.checkQR(q, d)}
	if !s.mayUnmask(ctx, q, d) {
		r.Masked, r.Owner, r.Address = true, MaskName(d.Name), maskAddress(d.Address)
		maskLog(r.Events, events)
	}
	r.Applicant = ApplicantView{Name: r.Owner, Address: r.Address}
	return r
}

// maskedReceiver stands, for the public, for a person named in a log row who is not staff
// (the free-text "received by" of a delivery at the desk).
const maskedReceiver = "Người nhận tại bộ phận một cửa"

// staffReceivers are the actions whose log row names as receiver only staff, a unit or a
// fixed label; any other action's receiver is personal data. Listing the safe ones keeps
// a new action masked until someone decides otherwise.
var staffReceivers = map[string]bool{
	domain.ActionSubmitted: true, domain.ActionReceived: true, domain.ActionRefused: true,
	domain.ActionSupplementRequested: true, domain.ActionSupplemented: true, domain.ActionWithdrawn: true,
	domain.ActionTransferred: true, domain.ActionTransferredBack: true, domain.ActionInteragencySent: true,
	domain.ActionInteragencyReceived: true, domain.ActionInteragencyReturned: true,
	domain.ActionPaymentRequested: true, domain.ActionPaymentConfirmed: true, domain.ActionFinished: true,
	domain.ActionExtended: true, domain.ActionStopped: true, domain.ActionSupplementExpired: true,
	domain.ActionReminder: true, domain.ActionStepOverdue: true, domain.ActionOverdue: true, domain.ActionAssigned: true,
	domain.ActionClaimed: true, domain.ActionCalendarChanged: true,
	domain.ActionSubmittedDesk: true, domain.ActionSubmittedPost: true, // the officer who registered it
}

// postalReceiver is the receiver of a delivery by post (no person named).
const postalReceiver = "Gửi qua bưu chính"

// maskLog hides from the public every person in rows (built from events, one to one) who
// is not staff: a sender who acted for no agency (the applicant submitting, supplementing
// or withdrawing, whoever they are) keeps only the initials of the name, as the owner
// does; a receiver who may be a private person (the delivery's "received by") is replaced
// by a label. Officers, units and the system's own rows stay as they are.
func maskLog(rows []LogRow, events []domain.Event) {
	for i, e := range events {
		system := domain.TimerActions[e.Action] && e.Action != domain.ActionSubmitted && e.ActorID == nil
		if e.ActorUnit == "" && !system {
			rows[i].Sender = MaskName(e.ActorName)
		}
		switch {
		case staffReceivers[e.Action], e.Receiver == "":
		case e.Action == domain.ActionDelivered && e.Receiver == postalReceiver:
		default:
			rows[i].Receiver = maskedReceiver
		}
	}
}

// mayUnmask: the owner (signed in) or whoever gives the update code sees personal data.
func (s *Service) mayUnmask(ctx context.Context, q LookupQuery, d domain.Dossier) bool {
	if q.Viewer != nil && d.OwnerID != nil && *d.OwnerID == q.Viewer.ID {
		return true
	}
	if given := strings.TrimSpace(q.UpdateCode); given != "" {
		want, err := s.Store.UpdateCode(ctx, d.ID)
		return err == nil && want != "" && constantEqual(want, given)
	}
	return false
}

// MaskName keeps the given name (the last word in Vietnamese order) and the initials of
// the others: "Nguyễn Văn An" → "N. V. An". A last word with a digit (a number typed into
// a name) is cut to its initial too.
func MaskName(name string) string {
	words := strings.Fields(name)
	for i := range words {
		if i == len(words)-1 && !strings.ContainsFunc(words[i], unicode.IsDigit) {
			break
		}
		r, _ := utf8.DecodeRuneInString(words[i])
		words[i] = string(r) + "."
	}
	return strings.Join(words, " ")
}

// maskAddress keeps only the last part (province or district): "Tổ 5, phường Đức Xuân, Bắc Kạn" → "…, Bắc Kạn".
func maskAddress(addr string) string {
	parts := strings.Split(addr, ",")
	if len(parts) < 2 {
		if addr == "" {
			return ""
		}
		return "…"
	}
	return "…, " + strings.TrimSpace(parts[len(parts)-1])
}
