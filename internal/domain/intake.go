package domain

import "time"

// Channels a dossier comes through (dossiers.channel): online (dvc's portal or the
// national portal), handed in at the one-stop desk, or sent by post. Form 06 counts the
// received dossiers of each.
const (
	ChannelOnline = "online"
	ChannelDesk   = "desk"
	ChannelPost   = "post"
)

// National intake sources (dossiers.national_source).
const (
	NationalPush = "push"
	NationalPull = "pull"
)

// IntakeFile is a file that comes with a dossier registered at once: a component's scan
// (ComponentID set), or a file from the national portal whose component matches none of
// the procedure's (Kind "national", NationalComponent its MaThanhPhanHoSo).
type IntakeFile struct {
	DossierFile
	NationalComponent string
}

// IntakeDossier is a dossier registered at once, already submitted: at the one-stop desk
// or by post by a reception officer (received at once by them), or received from the
// national portal (waiting at the desk like an online submission).
type IntakeDossier struct {
	ProcedureID int64
	Channel     string
	Applicant
	// OwnerID is the citizen account the dossier belongs to, when known.
	OwnerID *int64
	// ReceivedBy is the officer who registered a desk or postal dossier.
	ReceivedBy *int64
	// TrackingNumber is the postal tracking number of a dossier sent by post.
	TrackingNumber string
	// Key is the registration's idempotency key (per officer); "" for none.
	Key string
	// NationalCode (MaHoSo), NationalSource and TechID describe a dossier from the
	// national portal; NationalCode is its idempotency key.
	NationalCode, NationalSource, TechID string
	UpdateCode                           string
	Content                              DraftContent
	Files                                []IntakeFile
	// Paper are the components checked on paper at the desk ("bản giấy, đã kiểm tra").
	Paper []int64
	At    time.Time
}

// IntakeFacts is what the store keeps of a dossier's intake beyond the dossier row.
type IntakeFacts struct {
	ReceivedBy     *int64 `db:"received_by"`
	TrackingNumber string `db:"tracking_number"`
	NationalCode   string `db:"national_code"`
	NationalSource string `db:"national_source"`
	TechID         string `db:"national_tech_id"`
}
