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
