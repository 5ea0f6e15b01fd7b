package service

import (
	"context"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/validate"
	"github.com/dvc-project/dvc/workflows"
)

// Person is what the desk finds under an ID number: the citizen's account (if any),
// whether its ID number is verified by the national sign-in, the person's earlier
// dossiers, and the applicant details to prefill (the account's, else the latest
// dossier's).
type Person struct {
	IDNumber string
	Account  *domain.Account
	Verified bool
	Dossiers []DossierView
	Prefill  IntakeApplicant
}

// FindPerson looks up the person with ID number idNumber for reception officer acc; the
// read is recorded in the data access log. Errors: staff_only, invalid_id_number (422).
func (s *Service) FindPerson(ctx context.Context, acc domain.Account, idNumber string) (Person, error) {
	p := Person{IDNumber: strings.TrimSpace(idNumber), Dossiers: []DossierView{}}
	if !acc.IsStaff(domain.RoleReception) {
		return p, ErrStaffOnly
	}
	if _, ok := validate.IDNumber(p.IDNumber); !ok {
		return p, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_id_number",
			Message: "Số CMND (9 số), CCCD (12 số) hoặc hộ chiếu không hợp lệ.",
			Fields:  map[string]string{"id_number": "Số giấy tờ không hợp lệ."}}
	}
	citizen, err := s.Store.CitizenByIDNumber(ctx, p.IDNumber)
	switch {
	case err == nil:
		p.Account = &citizen
		if p.Verified, err = s.Store.NationallyVerified(ctx, citizen.ID); err != nil {
			return p, err
		}
		p.Prefill = IntakeApplicant{Name: citizen.FullName, IDNumber: p.IDNumber, Phone: citizen.Phone,
			Email: citizen.Email, Address: citizen.Address}
	case !domain.IsKind(err, domain.NotFound):
		return p, err
	}
	ds, err := s.Store.DossiersByIDNumber(ctx, p.IDNumber, 20)
	if err != nil {
		return p, err
	}
	for _, d := range ds {
		p.Dossiers = append(p.Dossiers, NewDossierView(d))
	}
	if p.Account == nil && len(ds) > 0 {
		d := ds[0]
		p.Prefill = IntakeApplicant{Name: d.Name, IDNumber: p.IDNumber, Phone: d.Phone, Email: d.Email, Address: d.Address}
	}
	if p.Prefill.IDNumber == "" {
		p.Prefill.IDNumber = p.IDNumber
	}
	if len(ds) > 0 || p.Account != nil {
		if err := s.Store.LogAccessByIDNumber(ctx, acc.ID, p.IDNumber); err != nil {
			return p, err
		}
	}
	return p, nil
}

// DeskDossier resolves ref to a desk or postal dossier of reception officer acc's agency
// that is still at the desk (received, not yet sent on for processing), whose scans may
// be added. Errors: staff_only, dossier_not_found, not_handling_agency, not_editable (409).
func (s *Service) DeskDossier(ctx context.Context, acc domain.Account, ref string) (domain.Dossier, error) {
	if !acc.IsStaff(domain.RoleReception) {
		return domain.Dossier{}, ErrStaffOnly
	}
	d, err := s.StaffDossier(ctx, acc, ref)
	if err != nil {
		return d, err
	}
	if acc.AgencyID == nil || *acc.AgencyID != d.AgencyID {
		return d, ErrNotHandlingAgency
	}
	if d.Channel == domain.ChannelOnline || (d.Status != domain.StatusNew && d.Status != domain.StatusReceived) {
		return d, domain.NewError(domain.Conflict, "not_editable",
			"Chỉ bổ sung bản quét cho hồ sơ nộp trực tiếp hoặc qua bưu chính khi hồ sơ còn ở bộ phận một cửa.")
	}
	return d, nil
}

// AttachAtDesk adds the scan of component componentID to desk dossier d (DeskDossier),
// uploaded by officer acc. Errors: component_not_found, file_too_large,
// forbidden_file_type.
func (s *Service) AttachAtDesk(ctx context.Context, acc domain.Account, d domain.Dossier, componentID int64, up Upload) (domain.DossierFile, error) {
	return s.Attach(ctx, d.ID, &acc.ID, componentID, up)
}

// IntakeOfDossier is how desk or postal dossier d was handed in, for its workflow's start
// (nil for an online dossier, or one without its officer).
func IntakeOfDossier(ctx context.Context, store *postgres.Store, d domain.Dossier) (*workflows.Intake, error) {
	if d.Channel == domain.ChannelOnline {
		return nil, nil
	}
	facts, err := store.IntakeFacts(ctx, d.ID)
	if err != nil || facts.ReceivedBy == nil {
		return nil, err
	}
	officer, err := store.Account(ctx, *facts.ReceivedBy)
	if err != nil {
		return nil, err
	}
	return &workflows.Intake{Channel: d.Channel, By: ActorOf(officer), TrackingNumber: facts.TrackingNumber}, nil
}

// IntakeFactsOf is what the store keeps of d's intake (officer, tracking number, national
// code).
func (s *Service) IntakeFactsOf(ctx context.Context, d domain.Dossier) (domain.IntakeFacts, error) {
	return s.Store.IntakeFacts(ctx, d.ID)
}
