package domain

// Role is a municipality's part in a city region.
type Role string

const (
	RoleLead    Role = "lead"    // the applicant municipality (søkerkommune)
	RolePartner Role = "partner" // a partner municipality (samarbeidskommune)
	RoleMember  Role = "member"  // a member; the source names no lead, so it does not say which role
)

// PhaseStatus says how sure the sources are that a region took part in a programme phase.
type PhaseStatus string

const (
	PhaseConfirmed  PhaseStatus = "confirmed"  // a page says so
	PhaseUnverified PhaseStatus = "unverified" // no page seen says either way
	PhaseIndicated  PhaseStatus = "indicated"  // pages suggest it, none confirms it
)

// PhaseStatuses are every status a phase can have.
var PhaseStatuses = []PhaseStatus{PhaseConfirmed, PhaseUnverified, PhaseIndicated}

// RegionPhase is a programme phase a region took part in.
type RegionPhase struct {
	Phase  int         `json:"phase" example:"2"`
	Status PhaseStatus `json:"status" enums:"confirmed,unverified,indicated" example:"confirmed"`
}

// Region is a city region (byregion): a town and the municipalities around it.
type Region struct {
	ID   string `json:"id" example:"tromsoregionen"`
	Name string `json:"name" example:"Tromsøregionen"`
	// AlternativeName is another name the sources use, as they write it.
	AlternativeName string        `json:"alternative_name" example:"Namsosregionen"`
	Description     string        `json:"description"`
	Language        string        `json:"language" example:"nb"`
	Programme       ProgrammeRef  `json:"programme"`
	Phases          []RegionPhase `json:"phases"`
	// Lead is the applicant municipality as listed, null where the sources name none.
	Lead    *ListedMunicipality `json:"lead_municipality"`
	Members []Member            `json:"members"`
	Source  Source              `json:"source"`
}

// ProgrammeRef names a programme inside another resource.
type ProgrammeRef struct {
	ID   string `json:"id" example:"byregionprogrammet"`
	Name string `json:"name" example:"Byregionprogrammet"`
}

// ListedMunicipality is a municipality as a source lists it (in the programme's time: 2015 names and
// codes) and the municipalities in force today that it became.
type ListedMunicipality struct {
	// ID is the identity the listed municipality is (see Municipality.ID).
	ID    string              `json:"id" example:"5501"`
	Code  string              `json:"code" example:"1902"`
	Name  string              `json:"name" example:"Tromsø"`
	Today []MunicipalityToday `json:"today"`
}

// MunicipalityToday is a municipality in force today and the reforms that led to it from a listed one.
type MunicipalityToday struct {
	ID      string   `json:"id" example:"5501"`
	Code    string   `json:"code" example:"5501"`
	Name    string   `json:"name" example:"Tromsø"`
	Reforms []Reform `json:"reforms"`
}

// ReformKind says what a reform did to a municipality.
type ReformKind string

const (
	ReformRenumbered ReformKind = "renumbered" // a new code, the same municipality
	ReformRenamed    ReformKind = "renamed"    // a new name, the same municipality
	ReformMerged     ReformKind = "merged"     // merged into another
	ReformSplit      ReformKind = "split"      // divided; this is one of the parts
)

// Reform is one change between a listed municipality and one in force today.
type Reform struct {
	Date string     `json:"date" format:"date" example:"2020-01-01"`
	Kind ReformKind `json:"kind" enums:"renumbered,renamed,merged,split" example:"renumbered"`
	From string     `json:"from" example:"1902"`
	To   string     `json:"to" example:"5401"`
}

// Member is a municipality's membership as listed inside a region.
type Member struct {
	Municipality ListedMunicipality `json:"municipality"`
	Role         Role               `json:"role" enums:"lead,partner,member" example:"lead"`
	// Phase is the programme phase whose member list the source gives.
	Phase *int `json:"phase" example:"2"`
	// ValidFrom and ValidTo are null where the source does not date the membership.
	ValidFrom *string `json:"valid_from" format:"date"`
	ValidTo   *string `json:"valid_to" format:"date"`
	// At is the member's code and name on the date at= asks about; null when not asked, or when the
	// municipality did not exist in that form then.
	At *MunicipalityRef `json:"at,omitempty"`
}

// RegionMembership is a member municipality in full (the identity it was, which may since have merged
// away), with its role in the region and what it is today.
type RegionMembership struct {
	// ID is "<region>:<municipality id>", with ":<phase>" when the source gives the phase's member list.
	ID           string             `json:"id" example:"tromsoregionen:5501:2"`
	Region       string             `json:"region" example:"tromsoregionen"`
	Role         Role               `json:"role" enums:"lead,partner,member" example:"lead"`
	Phase        *int               `json:"phase" example:"2"`
	ValidFrom    *string            `json:"valid_from" format:"date"`
	ValidTo      *string            `json:"valid_to" format:"date"`
	Listed       ListedMunicipality `json:"listed"`
	Municipality Municipality       `json:"municipality"`
	Source       Source             `json:"source"`
}
