package web

import (
	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
)

// explainDue adds to v the explanation of its dossier's appointment ("Vì sao ngày hẹn là
// ngày này?") and how many supplements were requested.
func (s *Server) explainDue(c *gin.Context, v *dossierView) error {
	a, err := s.svc.Appointment(c, v.D, v.Events)
	if err != nil {
		return err
	}
	v.Appointment = a
	for _, e := range v.Events {
		if e.Action == domain.ActionSupplementRequested {
			v.SupplementRequests++
		}
	}
	return nil
}
