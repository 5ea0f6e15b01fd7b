package validate

import (
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
)

// Draft normalises in and returns an Unprocessable "invalid_dossier" error
// listing every bad field.
func Draft(in *domain.DraftInput) error {
	in.Phone = NormalizePhone(in.Phone)
	fields := map[string]string{}
	if in.ProcedureID <= 0 {
		fields["procedure_id"] = "Chưa chọn thủ tục hành chính."
	}
	if strings.TrimSpace(in.Name) == "" {
		fields["applicant_name"] = "Vui lòng nhập họ tên người nộp."
	} else if name, ok := Name(in.Name, 200); !ok {
		fields["applicant_name"] = "Họ tên không hợp lệ (tối đa 200 ký tự, không chứa ký tự điều khiển, ký tự ẩn hay biểu tượng)."
	} else {
		in.Name = name
	}
	if _, ok := IDNumber(in.IDNumber); !ok {
		fields["id_number"] = "Số CMND (9 số), CCCD (12 số) hoặc hộ chiếu không hợp lệ."
	}
	if !Phone(in.Phone) {
		fields["phone"] = "Số điện thoại không hợp lệ."
	}
	if in.Email != "" && !Email(in.Email) {
		fields["email"] = "Địa chỉ thư điện tử không hợp lệ."
	}
	if !Text(in.Address, 500) {
		fields["address"] = "Địa chỉ không hợp lệ (tối đa 500 ký tự)."
	}
	if len(fields) > 0 {
		return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_dossier",
			Message: "Thông tin hồ sơ chưa hợp lệ.", Fields: fields}
	}
	return nil
}
