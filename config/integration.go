package config

import "time"

// Clients configures the machine clients (OAuth 2.0 client credentials, docs/integration.md).
type Clients struct {
	// TokenTTL is how long a bearer token lasts.
	TokenTTL time.Duration `mapstructure:"token_ttl"`
	// RateLimit is a new client's requests a minute (an administrator may give another).
	RateLimit int `mapstructure:"rate_limit"`
	// SecretGrace is how long a client's old secret stays valid after a rotation.
	SecretGrace time.Duration `mapstructure:"secret_grace"`
}

// Webhooks configures the delivery of webhook events to the clients' receivers.
type Webhooks struct {
	// Timeout bounds one delivery attempt.
	Timeout time.Duration `mapstructure:"timeout"`
	// MaxBackoff caps the wait between two attempts (it doubles from one second).
	MaxBackoff time.Duration `mapstructure:"max_backoff"`
	// GiveUpAfter is how long a delivery is retried before it is marked failed (an
	// administrator can replay it).
	GiveUpAfter time.Duration `mapstructure:"give_up_after"`
	// Poll is how often the sender looks for due deliveries when no change woke it.
	Poll time.Duration `mapstructure:"poll"`
}

func defaultClients() Clients {
	return Clients{TokenTTL: 15 * time.Minute, RateLimit: 600, SecretGrace: 24 * time.Hour}
}

func defaultWebhooks() Webhooks {
	return Webhooks{Timeout: 10 * time.Second, MaxBackoff: 10 * time.Minute, GiveUpAfter: 72 * time.Hour, Poll: time.Second}
}

// validateIntegration reports the problems of the clients' and webhooks' keys.
func (c Config) validateIntegration(bad func(key, format string, args ...any)) {
	if c.Clients.TokenTTL < time.Minute || c.Clients.TokenTTL > 24*time.Hour {
		bad("clients.token_ttl", "must be between 1m and 24h, got %s", c.Clients.TokenTTL)
	}
	if c.Clients.RateLimit < 1 {
		bad("clients.rate_limit", "must be at least 1, got %d", c.Clients.RateLimit)
	}
	if c.Clients.SecretGrace < 0 {
		bad("clients.secret_grace", "must not be negative, got %s", c.Clients.SecretGrace)
	}
	if c.Webhooks.Timeout < time.Second {
		bad("webhooks.timeout", "must be at least 1s, got %s", c.Webhooks.Timeout)
	}
	if c.Webhooks.MaxBackoff < time.Second {
		bad("webhooks.max_backoff", "must be at least 1s, got %s", c.Webhooks.MaxBackoff)
	}
	if c.Webhooks.GiveUpAfter < time.Minute {
		bad("webhooks.give_up_after", "must be at least 1m, got %s", c.Webhooks.GiveUpAfter)
	}
	if c.Webhooks.Poll < 10*time.Millisecond || c.Webhooks.Poll > time.Minute {
		bad("webhooks.poll", "must be between 10ms and 1m, got %s", c.Webhooks.Poll)
	}
}
