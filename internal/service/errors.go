package service

import "github.com/dvc-project/dvc/internal/domain"

// Errors shared by several use cases and by the HTTP layers that check the caller first.
var (
	// ErrLoginRequired: the use case needs a signed-in account (401).
	ErrLoginRequired = domain.NewError(domain.Unauthorized, "login_required", "Vui lòng đăng nhập để tiếp tục.")
	// ErrCitizensOnly: a citizen's use case called by another kind of account (403).
	ErrCitizensOnly = domain.NewError(domain.Forbidden, "citizens_only", "Chức năng này dành cho tài khoản công dân.")
	// ErrStaffOnly: an officer's use case called by a citizen or without the role (403).
	ErrStaffOnly = domain.NewError(domain.Forbidden, "staff_only", "Chức năng này dành cho cán bộ.")
	// ErrDossierNotFound: no such dossier for this caller (404); another citizen's dossier
	// is reported the same way.
	ErrDossierNotFound = domain.NewError(domain.NotFound, "dossier_not_found", "Không tìm thấy hồ sơ.")
	// ErrNotHandlingAgency: the dossier is not of the officer's agency nor held by it (403).
	ErrNotHandlingAgency = domain.NewError(domain.Forbidden, "not_handling_agency", "Hồ sơ không thuộc cơ quan của cán bộ.")
	// ErrFileTooLarge: an upload over the file store's limit (413).
	ErrFileTooLarge = domain.NewError(domain.TooLarge, "file_too_large", "Tệp đính kèm vượt quá dung lượng cho phép (10 MB).")
	// ErrForbiddenType: an upload whose content is not an accepted document type (415).
	ErrForbiddenType = domain.NewError(domain.UnsupportedMedia, "forbidden_file_type", "Chỉ chấp nhận tệp PDF, ảnh (PNG, JPEG) hoặc văn bản Word, Excel, ODT.")
)

// invalidQuery is the error of a query parameter out of its range.
func invalidQuery(message string, fields map[string]string) error {
	return &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: message, Fields: fields}
}
