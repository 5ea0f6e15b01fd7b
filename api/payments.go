package api

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/paygov"
)

// registerPaymentRoutes adds online payment: the citizen opens a payment of the fee
// asked for, lists the attempts and downloads the receipt; the national payment
// platform posts the results.
func (s *Server) registerPaymentRoutes(r *gin.RouterGroup) {
	r.POST("/dossiers/:ref/payments", s.startPayment)
	r.GET("/dossiers/:ref/payments", s.listPayments)
	r.GET("/dossiers/:ref/payments/:reference/receipt.pdf", s.paymentReceipt)
	r.POST("/paygov/callback", s.paygovCallback)
}

// startPayment opens an online payment (PayGov) of the fee the owner's dossier waits
// for and answers it with pay_url, the page where the citizen pays. Errors:
// login_required, citizens_only, dossier_not_found, online_payment_off (409),
// payment_not_requested (409), payment_unavailable / payment_refused (503).
func (s *Server) startPayment(c *gin.Context) {
	d, sess, ok := s.ownDossier(c)
	if !ok {
		return
	}
	p, err := s.svc.StartPayment(c, sess.Account, d, c.ClientIP())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, p)
}

// listPayments lists the dossier's online payment attempts (owner and officers).
// Errors: login_required, dossier_not_found.
func (s *Server) listPayments(c *gin.Context) {
	d, _, ok := s.readableDossier(c)
	if !ok {
		return
	}
	ps, err := s.svc.Payments(c, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": ps})
}

// paymentReceipt serves the signed electronic receipt of a fee paid online. Errors:
// login_required, dossier_not_found, payment_not_found, receipt_not_available (404).
func (s *Server) paymentReceipt(c *gin.Context) {
	d, sess, ok := s.readableDossier(c)
	if !ok {
		return
	}
	ref := c.Param("reference")
	pdf, err := s.svc.Receipt(c, sess, d, ref)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="bien-lai-`+ref+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}

// paygovCallback receives the result of a payment from the national payment platform
// (NATIONAL_PORTAL.md §4.1): verified by its MaXacThuc, answered with a signed reply,
// MaLoi "00" when applied or acknowledged and "99" with the stable code when refused:
// payment_signature_invalid (400), payment_not_found (404), payment_replayed (409),
// payment_amount_mismatch (422); 503 when the workflow cannot be reached (retry).
func (s *Server) paygovCallback(c *gin.Context) {
	raw, err := io.ReadAll(c.Request.Body)
	var res paygov.Result
	if err == nil {
		err = json.Unmarshal(raw, &res)
	}
	if err != nil {
		s.paygovReply(c, res, domain.NewError(domain.Invalid, "invalid_json", "Bản tin không hợp lệ."))
		return
	}
	s.paygovReply(c, res, s.svc.PaymentCallback(c, res, raw, c.ClientIP()))
}

// paygovReply answers the platform: its reply format, with the stable code of a refusal.
func (s *Server) paygovReply(c *gin.Context, res paygov.Result, err error) {
	if err == nil {
		c.JSON(http.StatusOK, s.svc.PayGovReply(paygov.CodeOK, "Thành công", res.Reference))
		return
	}
	e := httpx.Shown(c, s.Log, err)
	httpx.SetRetryAfter(c, e)
	c.JSON(httpx.Status(e), refusedReply{Reply: s.svc.PayGovReply(paygov.CodeOther, e.Message, res.Reference),
		Error: replyError{Code: e.Code, Message: e.Message, RequestID: httpx.RequestIDOf(c)}})
}

// refusedReply is the platform's reply format with the refusal's stable code.
type refusedReply struct {
	paygov.Reply
	Error replyError `json:"error"`
}

type replyError struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}
