package service

import (
	"context"
	"net"
	"net/url"
	"slices"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// SubscriptionInput is a client's new webhook subscription.
type SubscriptionInput struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// NewSubscription is a subscription with its signing secret, shown once.
type NewSubscription struct {
	Subscription domain.WebhookSubscription `json:"subscription"`
	Secret       string                     `json:"secret"`
}

func invalidSubscription(field, msg string) error {
	return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_subscription", Message: "Đăng ký webhook chưa hợp lệ.",
		Fields: map[string]string{field: msg}}
}

// Subscribe subscribes client c to in.Events of its agency scope, delivered to in.URL
// (https, or http on a loopback address), and returns the signing secret. Errors:
// invalid_subscription (with fields).
func (s *Service) Subscribe(ctx context.Context, c domain.Client, in SubscriptionInput) (NewSubscription, error) {
	u, err := url.Parse(in.URL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && (u.Scheme != "http" || !loopback(u.Hostname()))) || len(in.URL) > 2000 {
		return NewSubscription{}, invalidSubscription("url", "Địa chỉ https (http chỉ với máy cục bộ).")
	}
	if len(in.Events) == 0 {
		return NewSubscription{}, invalidSubscription("events", "Phải chọn ít nhất một sự kiện.")
	}
	for _, e := range in.Events {
		if !slices.Contains(domain.WebhookEventTypes, e) {
			return NewSubscription{}, invalidSubscription("events", "Sự kiện không hợp lệ: "+e)
		}
	}
	secret := auth.NewToken()
	sub, err := s.Store.CreateSubscription(ctx, c.ID, in.URL, in.Events, secret)
	return NewSubscription{Subscription: sub, Secret: secret}, err
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// Subscriptions lists client c's subscriptions.
func (s *Service) Subscriptions(ctx context.Context, c domain.Client) ([]domain.WebhookSubscription, error) {
	return s.Store.Subscriptions(ctx, c.ID)
}

// Unsubscribe ends client c's subscription id. Errors: subscription_not_found.
func (s *Service) Unsubscribe(ctx context.Context, c domain.Client, id int64) error {
	return s.Store.DeleteSubscription(ctx, c.ID, id)
}

// WebhookDeliveries lists deliveries for the admin (50 a page). Errors: invalid_query.
func (s *Service) WebhookDeliveries(ctx context.Context, clientID int64, state string, page int) ([]domain.WebhookDelivery, error) {
	if !slices.Contains([]string{"", "pending", "delivered", "failed"}, state) {
		return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số không hợp lệ.",
			Fields: map[string]string{"state": "pending, delivered hoặc failed"}}
	}
	page = max(page, 1)
	return s.Store.Deliveries(ctx, postgres.WebhookFilter{ClientID: clientID, State: state, Limit: 50, Offset: (page - 1) * 50})
}

// ReplayDelivery sends delivery id again, with the same event id. Errors:
// delivery_not_found.
func (s *Service) ReplayDelivery(ctx context.Context, id int64) error {
	return s.Store.ReplayDelivery(ctx, id)
}
