package domain

import "time"

// Kinds of documents the system issues besides the slips (whose kinds are the slips
// package's: receipt, supplement, refusal, apology, log, delivery).
const (
	IssuedResult         = "result"          // a result document an officer attached, signed and stamped
	IssuedPaymentReceipt = "payment_receipt" // the electronic receipt of a fee paid online
)

// IssuedDocument is a document the system signed and handed out: its record, found by
// the SHA-256 of its exact bytes (which the file store keeps under that hash).
type IssuedDocument struct {
	ID          int64  `db:"id"`
	DossierID   int64  `db:"dossier_id"`
	DossierCode string `db:"dossier_code"`
	Kind        string `db:"kind"`
	// EventSeq is the processing-log row a slip was drawn from (0 for a result).
	EventSeq int `db:"event_seq"`
	// FileID is the dossier file a result is (nil for the others).
	FileID    *int64    `db:"file_id"`
	SHA256    string    `db:"sha256"`
	Size      int64     `db:"size"`
	Signer    string    `db:"signer"`
	SignedAt  time.Time `db:"signed_at"`
	CreatedAt time.Time `db:"created_at"`
}

// Kinds of documents in a citizen's store (kho dữ liệu cá nhân).
const (
	DocumentResult         = "result"          // a result delivered to the citizen
	DocumentCertifiedCopy  = "certified_copy"  // a result of a certification procedure (field CHUNGTHUC)
	DocumentComponent      = "component"       // a component the citizen submitted with a dossier
	DocumentPaymentReceipt = "payment_receipt" // the receipt of a fee paid online
)

// PersonalDocument is a document in a citizen's store, with where it came from.
type PersonalDocument struct {
	ID              int64     `db:"id"`
	AccountID       int64     `db:"account_id"`
	Kind            string    `db:"kind"`
	Name            string    `db:"name"`
	FileName        string    `db:"file_name"`
	Hash            string    `db:"hash"`
	Size            int64     `db:"size"`
	Type            string    `db:"type"`
	SourceDossierID int64     `db:"source_dossier_id"`
	SourceCode      string    `db:"source_code"`
	Issuer          string    `db:"issuer"`
	IssuedAt        time.Time `db:"issued_at"`
	// ValidUntil is the last day of validity (YYYY-MM-DD), nil when it does not expire.
	ValidUntil   *string    `db:"valid_until"`
	DownloadedAt *time.Time `db:"downloaded_at"`
	CreatedAt    time.Time  `db:"created_at"`
}

// FileOrigin is where a dossier file taken from the citizen's store came from, for the
// officers: the document's kind, its source dossier, issuer and date.
type FileOrigin struct {
	DocumentID int64     `json:"document_id"`
	Kind       string    `json:"kind"`
	SourceCode string    `json:"source_code"`
	Issuer     string    `json:"issuer"`
	IssuedAt   time.Time `json:"issued_at"`
}

// Payment states.
const (
	PaymentPending = "pending"
	PaymentPaid    = "paid"
	PaymentFailed  = "failed"
)

// Payment is one attempt to pay online the fee a request_payment log row asked for.
type Payment struct {
	ID            int64      `db:"id"`
	DossierID     int64      `db:"dossier_id"`
	RequestSeq    int        `db:"request_seq"`
	Reference     string     `db:"reference"` // MaThamChieu
	AmountVND     int64      `db:"amount_vnd"`
	Status        string     `db:"status"`
	TransactionID *string    `db:"transaction_id"` // MaGiaoDich
	Bank          *string    `db:"bank"`
	PaidAt        *time.Time `db:"paid_at"`
	ConfirmedAt   *time.Time `db:"confirmed_at"`
	CreatedBy     *int64     `db:"created_by"`
	CreatedAt     time.Time  `db:"created_at"`
}
