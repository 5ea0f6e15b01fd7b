package synthetic

import (
	"fmt"
	"math/rand/v2"
)

// Vietnamese family names, weighted roughly as in the population (Nguyễn about a third).
var familyNames = []string{
	"Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê",
	"Phạm", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
	"Lý", "Nông", "Hà", "Ma", "Triệu", "Lương",
}

var (
	maleMiddle   = []string{"Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Công", "Tiến"}
	femaleMiddle = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Kim"}
	maleGiven    = []string{"An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Minh",
		"Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Hoàng", "Kiên", "Lâm", "Tài"}
	femaleGiven = []string{"Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Mai",
		"Nga", "Ngọc", "Nhung", "Phương", "Quỳnh", "Tâm", "Thảo", "Thủy", "Trang", "Vy", "Yến", "Dung", "Hằng"}
	wards = []string{"phường Đức Xuân, thành phố Bắc Kạn", "phường Nguyễn Thị Minh Khai, thành phố Bắc Kạn",
		"phường Phùng Chí Kiên, thành phố Bắc Kạn", "phường Sông Cầu, thành phố Bắc Kạn", "xã Dương Quang, thành phố Bắc Kạn",
		"thị trấn Chợ Mới, huyện Chợ Mới", "thị trấn Phủ Thông, huyện Bạch Thông", "thị trấn Bằng Lũng, huyện Chợ Đồn",
		"thị trấn Nà Phặc, huyện Ngân Sơn", "thị trấn Chợ Rã, huyện Ba Bể", "thị trấn Yến Lạc, huyện Na Rì",
		"xã Quảng Khê, huyện Ba Bể", "xã Cao Kỳ, huyện Chợ Mới", "xã Đồng Thắng, huyện Chợ Đồn"}
	// Birth-province codes of the citizen identity card (Bắc Kạn first, then neighbours and the big cities).
	provinceCodes = []string{"006", "006", "006", "006", "019", "020", "004", "008", "001", "079"}
	phonePrefixes = []string{"091", "094", "088", "098", "097", "096", "086", "039", "038", "035", "081", "083", "070", "079", "056"}
)

// person is one applicant. Persons are derived from their index alone, so re-running the
// generator finds the same people (and the same citizen accounts).
type person struct {
	name, idNumber, phone, address string
}

// personAt builds person i of the synthetic population. ID numbers are 12-digit citizen
// identity card numbers (province of birth, century and sex, year of birth, six digits);
// the six digits are a bijection of i modulo 10^6, so the first million persons differ.
func personAt(i int) person {
	r := rand.New(rand.NewPCG(uint64(i), 0x9e3779b97f4a7c15))
	female := r.IntN(2) == 1
	year := 1945 + r.IntN(62) // 1945-2006: adults
	var middle, given []string
	if female {
		middle, given = femaleMiddle, femaleGiven
	} else {
		middle, given = maleMiddle, maleGiven
	}
	century := 0
	if year >= 2000 {
		century = 2
	}
	if female {
		century++
	}
	serial := (uint64(i)*7919 + 104729) % 1_000_000
	return person{
		name:     familyNames[r.IntN(len(familyNames))] + " " + middle[r.IntN(len(middle))] + " " + given[r.IntN(len(given))],
		idNumber: fmt.Sprintf("%s%d%02d%06d", provinceCodes[r.IntN(len(provinceCodes))], century, year%100, serial),
		phone:    fmt.Sprintf("%s%07d", phonePrefixes[r.IntN(len(phonePrefixes))], r.IntN(10_000_000)),
		address:  fmt.Sprintf("Tổ %d, %s, tỉnh Bắc Kạn", 1+r.IntN(20), wards[r.IntN(len(wards))]),
	}
}

// username is the login of the citizen account of person p.
func (p person) username() string { return "cd" + p.idNumber }
