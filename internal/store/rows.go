package store

// Row types mirror the tables that migrations/ create; a test checks that they match column for column.

type sourceRow struct {
	ID        string `gorm:"primaryKey"`
	Title     string
	Publisher string
	URL       *string `gorm:"column:url"`
	Licence   string
	Retrieved *string
	Note      string
	SearchKey string
	Borders   *string // the date whose borders every figure of the source is for, if one
}

func (sourceRow) TableName() string { return "sources" }

type programmeRow struct {
	ID          string `gorm:"primaryKey"`
	Name        string
	Description string
	Language    string
	SourceID    string
}

func (programmeRow) TableName() string { return "programmes" }

type countyRow struct {
	Code     string `gorm:"primaryKey"`
	Name     string
	SourceID string
}

func (countyRow) TableName() string { return "counties" }

type municipalityRow struct {
	ID        string `gorm:"primaryKey"`
	SearchKey string
}

func (municipalityRow) TableName() string { return "municipalities" }

type municipalityCodeRow struct {
	ID             int64 `gorm:"primaryKey"`
	MunicipalityID string
	Code           string
	Name           string
	CountyCode     string
	ValidFrom      *string
	ValidTo        *string
	SourceID       string
}

func (municipalityCodeRow) TableName() string { return "municipality_codes" }

type successionRow struct {
	ID            string // "<predecessor>:<successor>:<date>"
	PredecessorID string `gorm:"primaryKey"`
	SuccessorID   string `gorm:"primaryKey"`
	Date          string `gorm:"primaryKey"`
	Kind          string
	SourceID      string
}

func (successionRow) TableName() string { return "municipality_successions" }

// municipalityNameRow is a name of a municipality in one language, in force from valid_from to valid_to.
type municipalityNameRow struct {
	ID             int64 `gorm:"primaryKey"`
	MunicipalityID string
	Language       string
	Name           string
	SourceID       string
	ValidFrom      *string
	ValidTo        *string
}

func (municipalityNameRow) TableName() string { return "municipality_names" }

type regionRow struct {
	ID                 string `gorm:"primaryKey"`
	ProgrammeID        string
	Name               string
	AlternativeName    string
	Description        string
	Language           string
	LeadMunicipalityID *string
	SourceID           string
	SearchKey          string
}

func (regionRow) TableName() string { return "regions" }

type regionPhaseRow struct {
	RegionID string `gorm:"primaryKey"`
	Phase    int    `gorm:"primaryKey"`
	Status   string
}

func (regionPhaseRow) TableName() string { return "region_phases" }

type membershipRow struct {
	ID             string `gorm:"primaryKey"`
	RegionID       string
	MunicipalityID string
	ListedCode     string
	ListedName     string
	Role           string
	Phase          *int
	ValidFrom      *string
	ValidTo        *string
	SourceID       string
}

func (membershipRow) TableName() string { return "region_memberships" }

type populationRow struct {
	ID             string `gorm:"primaryKey"`
	MunicipalityID *string
	RegionID       *string
	ReferenceDate  string
	Value          int64
	Kind           string
	SourceID       string
	Note           string
}

func (populationRow) TableName() string { return "population_observations" }

type areaRow struct {
	ID             string `gorm:"primaryKey"`
	MunicipalityID *string
	RegionID       *string
	ReferenceDate  string
	ValueKM2       float64 `gorm:"column:value_km2"`
	Measure        string
	Kind           string
	SourceID       string
	Note           string
}

func (areaRow) TableName() string { return "area_observations" }

type datasetLoadRow struct {
	Name     string `gorm:"primaryKey"`
	Checksum string
	LoadedAt string
}

func (datasetLoadRow) TableName() string { return "dataset_loads" }

type changeRow struct {
	Seq        int64 `gorm:"primaryKey"`
	Resource   string
	ResourceID string
	Operation  string
	Version    int64
	Actor      string
	At         string
	State      *string
}

func (changeRow) TableName() string { return "changes" }

// stagedRow is a new observation of an import that is not published yet, with its log entry's state.
type stagedRow struct {
	ImportID       string `gorm:"primaryKey"`
	N              int    `gorm:"primaryKey;autoIncrement:false"`
	ID             string
	MunicipalityID *string
	RegionID       *string
	ReferenceDate  string
	Value          float64
	Measure        string
	Kind           string
	SourceID       string
	Note           string
	State          string
	StagedAt       string
}

func (stagedRow) TableName() string { return "staged_observations" }

type apiKeyRow struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	Scope     string
	Hash      string
	CreatedAt string
	RevokedAt *string
}

func (apiKeyRow) TableName() string { return "api_keys" }

type idempotencyRow struct {
	Actor       string `gorm:"primaryKey"`
	Key         string `gorm:"primaryKey"`
	RequestHash string
	ChangeSeq   int64
	CreatedAt   string
}

func (idempotencyRow) TableName() string { return "idempotency_keys" }
