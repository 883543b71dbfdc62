package domain

// Role is a municipality's part in a city region.
type Role string

const (
	RoleLead    Role = "lead"    // the applicant municipality (søkerkommune)
	RolePartner Role = "partner" // a partner municipality (samarbeidskommune)
)

// Region is a city region (byregion): a town and the municipalities around it.
type Region struct {
	ID          string           `json:"id" example:"tromsoregionen"`
	Name        string           `json:"name" example:"Tromsøregionen"`
	Description string           `json:"description"`
	Language    string           `json:"language" example:"nb"`
	Programme   ProgrammeRef     `json:"programme"`
	Lead        *MunicipalityRef `json:"lead_municipality"`
	Members     []Member         `json:"members"`
	Source      Source           `json:"source"`
}

// ProgrammeRef names a programme inside another resource.
type ProgrammeRef struct {
	ID   string `json:"id" example:"byregionprogrammet"`
	Name string `json:"name" example:"Byregionprogrammet"`
}

// Member is a municipality's membership as listed inside a region.
type Member struct {
	Municipality MunicipalityRef `json:"municipality"`
	Role         Role            `json:"role" enums:"lead,partner" example:"lead"`
	// ValidFrom and ValidTo are null where the source does not date the membership.
	ValidFrom *string `json:"valid_from" format:"date"`
	ValidTo   *string `json:"valid_to" format:"date"`
}

// RegionMembership is a member municipality in full, with its role in the region.
type RegionMembership struct {
	Region       string       `json:"region" example:"tromsoregionen"`
	Role         Role         `json:"role" enums:"lead,partner" example:"lead"`
	ValidFrom    *string      `json:"valid_from" format:"date"`
	ValidTo      *string      `json:"valid_to" format:"date"`
	Municipality Municipality `json:"municipality"`
	Source       Source       `json:"source"`
}
