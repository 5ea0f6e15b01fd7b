package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Rating returns the satisfaction level the owner gave dossierID ("" when not rated yet).
func (s *Store) Rating(ctx context.Context, dossierID int64) (string, error) {
	var r string
	err := s.db.GetContext(ctx, &r, `SELECT rating FROM ratings WHERE dossier_id = $1`, dossierID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: rating: %w", err)
	}
	return r, nil
}
