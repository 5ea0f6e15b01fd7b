package service

import (
	"context"
	"errors"
	"io"
	"path"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/slips"
	"github.com/dvc-project/dvc/internal/validate"
)

// Upload is a file a person sends: its name as their system gave it, and its bytes.
type Upload struct {
	Name string
	Body io.Reader
}

// putUpload puts an uploaded file in the content store and describes it as a file of
// dossier dossierID. Errors: file_too_large, forbidden_file_type.
func (s *Service) putUpload(up Upload, dossierID int64) (domain.DossierFile, error) {
	stored, err := s.FileStore.Put(up.Body)
	switch {
	case errors.Is(err, filestore.ErrTooLarge):
		return domain.DossierFile{}, ErrFileTooLarge
	case errors.Is(err, filestore.ErrForbiddenType), errors.Is(err, filestore.ErrEmpty):
		return domain.DossierFile{}, ErrForbiddenType
	case err != nil:
		return domain.DossierFile{}, err
	}
	return domain.DossierFile{DossierID: dossierID, Hash: stored.Hash, Name: UploadName(up.Name), Size: stored.Size, Type: stored.Type}, nil
}

// Attach stores an uploaded file (type checked by content) as component componentID of
// dossier dossierID, sent by account by (nil: an update-code holder); callers check the
// dossier may change (EditableDossier). Errors: file_too_large, forbidden_file_type,
// component_not_found.
func (s *Service) Attach(ctx context.Context, dossierID int64, by *int64, componentID int64, up Upload) (domain.DossierFile, error) {
	file, err := s.putUpload(up, dossierID)
	if err != nil {
		return file, err
	}
	file.ComponentID = &componentID
	return s.Store.AddFile(ctx, file, by)
}

// AttachResult stores up as a result document of d, attached by officer acc. Errors:
// not_handling_agency, forbidden_file_type, file_too_large.
func (s *Service) AttachResult(ctx context.Context, d domain.Dossier, acc domain.Account, up Upload) (domain.DossierFile, error) {
	if acc.AgencyID == nil {
		return domain.DossierFile{}, ErrNotHandlingAgency
	}
	file, err := s.putUpload(up, d.ID)
	if err != nil {
		return file, err
	}
	return s.Store.AddResultFile(ctx, file, acc.ID)
}

// Files lists the dossier's attachments and result documents.
func (s *Service) Files(ctx context.Context, dossierID int64) ([]domain.DossierFile, error) {
	return s.Store.Files(ctx, dossierID)
}

// DeleteFile removes attachment fileID from dossier d (callers check EditableDossier).
// Errors: file_not_found.
func (s *Service) DeleteFile(ctx context.Context, d domain.Dossier, fileID int64) error {
	return s.Store.DeleteFile(ctx, d.ID, fileID)
}

// OpenFile returns attachment fileID of d, readable by sess (ReadableDossier), with its
// content; an officer's read is recorded in the data access log. The caller closes the
// content. Errors: file_not_found.
func (s *Service) OpenFile(ctx context.Context, sess domain.Session, d domain.Dossier, fileID int64) (domain.DossierFile, io.ReadSeekCloser, error) {
	file, err := s.Store.File(ctx, d.ID, fileID)
	if err == nil {
		err = s.LogStaffRead(ctx, sess, d, "file:"+file.Name)
	}
	if err != nil {
		return file, nil, err
	}
	f, err := s.FileStore.Open(file.Hash)
	if err != nil {
		return file, nil, err
	}
	return file, f, nil
}

// ReadableDossier resolves ref for the signed-in owner, an officer of the dossier's or
// holding agency, or a supervisor (officers and supervisors only once it is sent);
// anyone else gets dossier_not_found.
func (s *Service) ReadableDossier(ctx context.Context, acc domain.Account, ref string) (domain.Dossier, error) {
	d, err := s.DossierByRef(ctx, ref)
	if err == nil && !MayRead(acc, d) {
		err = ErrDossierNotFound
	}
	if err == nil && d.Code == nil && (d.OwnerID == nil || *d.OwnerID != acc.ID) {
		err = ErrDossierNotFound // a draft is its owner's alone until it is sent
	}
	return d, err
}

// LogStaffRead records an officer's read of a dossier's personal data (citizens' own
// reads are not logged).
func (s *Service) LogStaffRead(ctx context.Context, sess domain.Session, d domain.Dossier, what string) error {
	if sess.Account.Kind != "staff" {
		return nil
	}
	return s.Store.LogAccess(ctx, sess.Account.ID, d.ID, what)
}

// MayRead: the owner, an officer of the dossier's agency or of the agency holding it, or
// a supervisor.
func MayRead(acc domain.Account, d domain.Dossier) bool {
	if d.OwnerID != nil && *d.OwnerID == acc.ID {
		return true
	}
	if acc.Kind != "staff" {
		return false
	}
	for _, r := range acc.Roles {
		if r == domain.RoleSupervisor {
			return true
		}
	}
	return acc.AgencyID != nil && (*acc.AgencyID == d.AgencyID || d.HolderAgencyID != nil && *acc.AgencyID == *d.HolderAgencyID)
}

// defaultUploadName names a file whose own name cannot be kept.
const defaultUploadName = "tep-dinh-kem"

// UploadName is the name an uploaded file is kept and shown under: the last element of
// the client's path (either slash), without bidirectional and zero-width format
// characters (which make "hoadon‮fdp.exe" look like a PDF), NFC, at most 255 runes of
// text; otherwise "tep-dinh-kem".
func UploadName(raw string) string {
	name := path.Base(strings.ReplaceAll(raw, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(norm.NFC.String(name))
	if name == "" || name == "." || name == ".." || name == "/" || !validate.Text(name, 255) || strings.ContainsAny(name, "\n\t") {
		return defaultUploadName
	}
	return name
}

// Slip renders slip kind (receipt, supplement, refusal, apology, log, delivery) of d,
// readable by sess (ReadableDossier), as PDF; an officer's read is recorded in the data
// access log. Errors: dossier_not_found (a draft has no slips), slip_not_available.
func (s *Service) Slip(ctx context.Context, sess domain.Session, d domain.Dossier, kind string) ([]byte, error) {
	if d.Code == nil {
		return nil, ErrDossierNotFound
	}
	events, err := s.Store.Events(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	pdf, err := slips.RenderWith( //nolint:staticcheck // as slips.Render was called here, until slips are issued through Issuer.Issue
		slips.Config{Province: s.Portal.Province, Operator: s.Portal.Operator, Hotline: s.Portal.Hotline},
		kind, d, events)
	if errors.Is(err, slips.ErrNotAvailable) {
		return nil, domain.NewError(domain.NotFound, "slip_not_available", "Hồ sơ không có phiếu này.")
	}
	if err != nil {
		return nil, err
	}
	if err := s.LogStaffRead(ctx, sess, d, "slip:"+kind); err != nil {
		return nil, err
	}
	return pdf, nil
}
