package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

const paymentColumns = `id, dossier_id, request_seq, reference, amount_vnd, status, transaction_id, bank, paid_at,
	confirmed_at, created_by, created_at`

// ErrPaymentNotFound: no payment has this reference (404).
var ErrPaymentNotFound = domain.NewError(domain.NotFound, "payment_not_found", "Không tìm thấy giao dịch thanh toán.")

// CreatePayment records a new payment attempt (pending).
func (s *Store) CreatePayment(ctx context.Context, p domain.Payment) (domain.Payment, error) {
	err := s.db.GetContext(ctx, &p, `INSERT INTO payments (dossier_id, request_seq, reference, amount_vnd, created_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING `+paymentColumns, p.DossierID, p.RequestSeq, p.Reference, p.AmountVND, p.CreatedBy)
	if err != nil {
		return p, fmt.Errorf("store: create payment: %w", classify(err))
	}
	return p, nil
}

// PaymentByReference returns the payment with reference (MaThamChieu). Errors:
// payment_not_found.
func (s *Store) PaymentByReference(ctx context.Context, reference string) (domain.Payment, error) {
	var p domain.Payment
	err := s.db.GetContext(ctx, &p, `SELECT `+paymentColumns+` FROM payments WHERE reference = $1`, reference)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrPaymentNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: payment: %w", classify(err))
	}
	return p, nil
}

// Payments lists a dossier's payment attempts, oldest first.
func (s *Store) Payments(ctx context.Context, dossierID int64) ([]domain.Payment, error) {
	ps := []domain.Payment{}
	if err := s.db.SelectContext(ctx, &ps, `SELECT `+paymentColumns+` FROM payments WHERE dossier_id = $1 ORDER BY id`, dossierID); err != nil {
		return nil, fmt.Errorf("store: payments: %w", classify(err))
	}
	return ps, nil
}

// errAlreadyPaid: another attempt already paid the same request (409).
var errAlreadyPaid = domain.NewError(domain.Conflict, "payment_already_paid", "Khoản phí này đã được thanh toán.")

// SettlePayment moves a pending payment to paid or failed with the platform's
// transaction; false when it was not pending any more (another answer settled it).
// Errors: payment_already_paid (another attempt paid the same request).
func (s *Store) SettlePayment(ctx context.Context, reference, status, transactionID, bank string, paidAt time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE payments SET status = $2, transaction_id = NULLIF($3, ''), bank = NULLIF($4, ''),
		paid_at = $5 WHERE reference = $1 AND status = 'pending'`, reference, status, transactionID, bank, paidAt)
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return false, errAlreadyPaid
	}
	if err != nil {
		return false, fmt.Errorf("store: settle payment: %w", classify(err))
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkPaymentConfirmed records that the workflow confirmed the payment.
func (s *Store) MarkPaymentConfirmed(ctx context.Context, reference string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE payments SET confirmed_at = $2 WHERE reference = $1 AND confirmed_at IS NULL`, reference, at)
	if err != nil {
		return fmt.Errorf("store: payment confirmed: %w", classify(err))
	}
	return nil
}

// LogPaymentCallback keeps a callback or QUERY answer of the platform with what was
// made of it (accepted, duplicate, forged, replayed, wrong_amount, unknown_reference,
// failed, not_awaited).
func (s *Store) LogPaymentCallback(ctx context.Context, source, reference, outcome, detail string, body []byte, addr string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO payment_callbacks (source, reference, outcome, detail, body, remote_addr)
		VALUES ($1, $2, $3, $4, $5, $6)`, source, reference, outcome, detail, string(body), addr)
	if err != nil {
		return fmt.Errorf("store: log payment callback: %w", classify(err))
	}
	return nil
}

// AddReceipt files the signed receipt of a payment (issued document doc) in the dossier
// owner's store (nothing for a dossier without an owner). Idempotent.
func (s *Store) AddReceipt(ctx context.Context, doc domain.IssuedDocument, name, fileName, issuer string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO personal_documents (account_id, kind, name, file_name, hash, size, type,
		source_dossier_id, issued_document_id, issuer, issued_at)
		SELECT d.owner_id, 'payment_receipt', $2, $3, i.sha256, i.size, 'application/pdf', d.id, i.id, $4, i.signed_at
		FROM issued_documents i JOIN dossiers d ON d.id = i.dossier_id
		WHERE i.id = $1 AND d.owner_id IS NOT NULL
		ON CONFLICT (account_id, issued_document_id) WHERE source_file_id IS NULL DO NOTHING`, doc.ID, name, fileName, issuer)
	if err != nil {
		return fmt.Errorf("store: add receipt: %w", classify(err))
	}
	return nil
}
