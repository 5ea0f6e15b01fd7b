package service

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Agencies lists every agency with its number of procedures. Like the fields, the
// search and the export it is read on the read replica when there is one (readOn).
func (s *Service) Agencies(ctx context.Context) ([]domain.AgencyRow, error) {
	return reads(s, func(st *postgres.Store) ([]domain.AgencyRow, error) { return st.Agencies(ctx) })
}

// Fields lists the fields of agency (every field when 0) with their procedure counts.
func (s *Service) Fields(ctx context.Context, agency int64) ([]domain.FieldCount, error) {
	return reads(s, func(st *postgres.Store) ([]domain.FieldCount, error) { return st.Fields(ctx, agency) })
}

// SearchProcedures answers a page of the catalogue search. Errors: invalid_query.
func (s *Service) SearchProcedures(ctx context.Context, q domain.ProcedureQuery) (domain.ProcedurePage, error) {
	switch q.Level {
	case "", "province", "district", "commune":
	default:
		return domain.ProcedurePage{}, invalidQuery("Tham số truy vấn không hợp lệ.",
			map[string]string{"level": "Cấp phải là province, district hoặc commune."})
	}
	return reads(s, func(st *postgres.Store) (domain.ProcedurePage, error) { return st.SearchProcedures(ctx, q) })
}

// ProcedureDetail returns procedure id with its components, form and route; a
// component's TemplateURL is the stable address of its template file (TemplatePath), or
// the catalogue's own http(s) link. Errors: procedure_not_found.
func (s *Service) ProcedureDetail(ctx context.Context, id int64) (domain.ProcedureDetail, error) {
	d, err := s.Store.ProcedureDetail(ctx, id)
	for i, c := range d.Components {
		if c.TemplateURL != "" && !catalogue.IsTemplateLink(c.TemplateURL) {
			d.Components[i].TemplateURL = TemplatePath + url.PathEscape(c.TemplateURL)
		}
	}
	return d, err
}

// TemplatePath is where the catalogue's form templates are served, by file name.
const TemplatePath = "/api/v1/templates/"

// Template returns the catalogue's form template called name. Errors: template_not_found.
func (s *Service) Template(ctx context.Context, name string) (domain.TemplateFile, error) {
	return s.Store.Template(ctx, name)
}

// ListProcedures lists every active procedure.
func (s *Service) ListProcedures(ctx context.Context) ([]domain.Procedure, error) {
	return s.Store.ListProcedures(ctx)
}

// ExportCatalogue reads the catalogue in force.
func (s *Service) ExportCatalogue(ctx context.Context) (catalogue.Catalogue, error) {
	return reads(s, func(st *postgres.Store) (catalogue.Catalogue, error) { return st.ExportCatalogue(ctx) })
}

// ImportCatalogue imports cat as a whole. Errors: catalogue_invalid, its Fields keyed
// "file record field" (the *catalogue.ValidationError is wrapped: errors.As finds it).
func (s *Service) ImportCatalogue(ctx context.Context, cat catalogue.Catalogue) (catalogue.Summary, error) {
	sum, err := s.Store.ImportCatalogue(ctx, cat)
	if err == nil && sum.CalendarVersionCreated {
		s.startCalendarJob(ctx, sum.CalendarVersion)
	}
	var invalid *catalogue.ValidationError
	if errors.As(err, &invalid) {
		fields := map[string]string{}
		for _, p := range invalid.Problems {
			fields[strings.TrimSpace(p.File+" "+p.Record+" "+p.Field)] = p.Message
		}
		return sum, &domain.Error{Kind: domain.Unprocessable, Code: "catalogue_invalid",
			Message: "Danh mục có lỗi, chưa nhập dữ liệu nào.", Fields: fields, Err: invalid}
	}
	return sum, err
}

// RecentNotifications lists the latest e-mails the system sent (the development mailbox).
func (s *Service) RecentNotifications(ctx context.Context, limit int) ([]domain.Notification, error) {
	return s.Store.RecentNotifications(ctx, limit)
}

// Health reports whether PostgreSQL and Temporal answer: the errors of each (nil when up).
func (s *Service) Health(ctx context.Context) (database, temporal error) {
	database = s.Store.Ping(ctx)
	_, temporal = s.Temporal.CheckHealth(ctx, nil)
	return database, temporal
}

// Procedure returns procedure id, whichever version. Errors: procedure_not_found.
func (s *Service) Procedure(ctx context.Context, id int64) (domain.Procedure, error) {
	return s.Store.Procedure(ctx, id)
}

// MaxCatalogueBytes bounds an uploaded catalogue.
const MaxCatalogueBytes = 32 << 20
