package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// ErrMachineOnly answers a person calling an endpoint of the machine clients.
var ErrMachineOnly = domain.NewError(domain.Forbidden, "machine_only", "Chức năng dành cho ứng dụng kết nối (mã truy cập OAuth 2.0).")

func (s *Server) registerWebhookRoutes(r *gin.RouterGroup) {
	r.GET("/webhooks", s.listSubscriptions)
	r.POST("/webhooks", s.subscribe)
	r.DELETE("/webhooks/:id", s.unsubscribe)
	r.GET("/admin/webhooks/deliveries", s.listDeliveries)
	r.POST("/admin/webhooks/deliveries/:id/replay", s.replayDelivery)
}

// machineCaller returns the calling machine client, or answers 401/403 and returns false.
func (s *Server) machineCaller(c *gin.Context) (domain.Client, bool) {
	if ct, ok := MachineClient(c); ok {
		return ct.Client, true
	}
	if _, ok := httpx.Current(c); ok {
		s.fail(c, ErrMachineOnly)
	} else {
		s.fail(c, domain.ErrInvalidToken)
	}
	return domain.Client{}, false
}

// listSubscriptions answers the calling client's webhook subscriptions. Errors:
// invalid_token, insufficient_scope, machine_only.
func (s *Server) listSubscriptions(c *gin.Context) {
	cl, ok := s.machineCaller(c)
	if !ok {
		return
	}
	subs, err := s.svc.Subscriptions(c, cl)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": subs})
}

// subscribe subscribes the calling client to events of its agency scope and answers the
// signing secret, shown once. Errors: invalid_subscription (422), and listSubscriptions'.
func (s *Server) subscribe(c *gin.Context) {
	cl, ok := s.machineCaller(c)
	if !ok {
		return
	}
	var req service.SubscriptionInput
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	sub, err := s.svc.Subscribe(c, cl, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, sub)
}

// unsubscribe ends one of the calling client's subscriptions. Errors:
// subscription_not_found, and listSubscriptions'.
func (s *Server) unsubscribe(c *gin.Context) {
	cl, ok := s.machineCaller(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if err := s.svc.Unsubscribe(c, cl, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// listDeliveries answers the webhook deliveries, newest first, of ?client= in ?state=
// (pending, delivered, failed), 50 a ?page= (admins). Errors: invalid_query.
func (s *Server) listDeliveries(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	client, err := httpx.QueryInt(c, "client")
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := httpx.QueryInt(c, "page")
	if err != nil {
		s.fail(c, err)
		return
	}
	ds, err := s.svc.WebhookDeliveries(c, client, c.Query("state"), int(page))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": ds})
}

// replayDelivery sends a delivery again with the same event id (admins). Errors:
// delivery_not_found.
func (s *Server) replayDelivery(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if err := s.svc.ReplayDelivery(c, id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusAccepted)
}
