-- Macros of the files source's case set (FDA's quarterly ASCII files, docs/faers-files-design.md).
-- They live in the build-only `staging` database, so case_set.duckdb carries none of them.
--
-- Rule "blank is missing" (notes §4.9): files_text(v) trims a field and turns '' into NULL.
-- Rule "ids as integers" (notes §3.2): files_bigint(v) is v as BIGINT when it is 1 to 18 plain
--   digits, else NULL (primaryids pass 2^31, so never INTEGER); files_integer(v) the same for
--   1 to 9 digits (caseversion: '37' -> 37, '3a', '1.0' or '' -> NULL, which ranks lowest).
-- Rule "decimals" (notes §4.9): files_number(v) reads '60', '60.', '.5', '70.25' as DOUBLE;
--   signs, exponents, commas or letters give NULL.
-- Rule "dates keep their precision" (notes §3.9): files_date(v, latest) reads YYYYMMDD,
--   YYYYMM or YYYY by the number of digits -> {'date', 'precision'} with precision 8, 6 or 4
--   and a partial date placed on the first day of its month or year; an impossible date
--   (20231399, 00000000), one before 1900-01-01 or one after `latest` (the end of the quarter
--   the row was published in, for dates that must be in the past) -> date and precision NULL.
--   The caller keeps the raw text beside it. Legacy (AERS) files padded partial dates
--   (2012 -> 20120101), so their dates read as precision 8: the files cannot tell.
-- Rule "quarter end": quarter_end('2012Q4') = 2012-12-31.
-- Rule "age in years" (notes §3.3): files_age_years(age, age_cod): DEC x 10, YR x 1, MON / 12,
--   WK x 7 / 365.25, DY / 365.25, HR / 8766; another or no unit -> NULL; rounded to 2 decimals;
--   more than 120 years (fillers such as 999 YR, adult ages sent in days by mistake beyond
--   that) -> NULL. Unborn patients have age 0 (FAQ Q52) and keep it.
-- Rule "weight in kg" (notes §3.3): files_weight_kg(wt, wt_cod): KG and KGS x 1, LBS x
--   0.45359237, GMS / 1000; another or no unit -> NULL; rounded to 2 decimals; 0 (a filler)
--   and more than 650 kg -> NULL.
-- Rule "sex": files_sex(v) is 'F' or 'M' (trimmed, upper-cased); UNK, NS, P, I, T, YR and
--   blanks -> NULL.
-- Rule "codes to labels": files_role, files_occupation, files_report_type, files_outcome and
--   files_report_source turn FDA's codes (trimmed, upper-cased) into labels (notes §3.3-3.8);
--   an unknown code gives NULL (the code column keeps it).
-- Rule "country" (notes §3.8, §5.3): files_countries() is the table of ISO 3166-1 alpha-2
--   codes with their label and the names the legacy files spell them with (upper case);
--   files_country_filler(v) is true for FDA's fillers for no country ('COUNTRY NOT
--   SPECIFIED', 'A1', 'UNKNOWN', 'UNK').
-- Rule "republished primaryid" (notes §5.2, FAQ Q29): files_is_older_copy(era, primaryid_text,
--   quarter, fda_dt, line_no), a window over the versions it is selected from, is true for
--   every copy of an (era, primaryid_text) but the one from the latest quarter (then latest
--   fda_dt, then last line); never for a version without a primaryid. Exact only when the
--   rows it ranks hold every copy of the primaryids they name (int_files_demo_versions, and
--   the incremental add's versions, ketamine_faers/case_set_increment.py).
create or replace macro staging.files_text(v) as nullif(trim(v), '');

create or replace macro staging.files_bigint(v) as
    case when regexp_full_match(trim(v), '[0-9]{1,18}') then trim(v)::bigint end;

create or replace macro staging.files_integer(v) as
    case when regexp_full_match(trim(v), '[0-9]{1,9}') then trim(v)::integer end;

create or replace macro staging.files_number(v) as
    case when regexp_full_match(trim(v), '[0-9]{1,12}\.?[0-9]*|\.[0-9]+') then trim(v)::double end;

create or replace macro staging.files_is_older_copy(era, primaryid_text, quarter, fda_dt, line_no) as
    primaryid_text is not null
    and row_number() over (
        partition by era, primaryid_text
        order by quarter desc, fda_dt desc nulls last, line_no desc
    ) > 1;

create or replace macro staging.quarter_end(q) as
    (make_date(left(q, 4)::integer, right(q, 1)::integer * 3, 1)
        + interval 1 month - interval 1 day)::date;

create or replace macro staging.files_day(v) as
    case
        when not regexp_full_match(trim(v), '[0-9]{4}|[0-9]{6}|[0-9]{8}') then null
        when length(trim(v)) = 8 then try_strptime(trim(v), '%Y%m%d')::date
        when length(trim(v)) = 6 then try_strptime(trim(v) || '01', '%Y%m%d')::date
        else try_strptime(trim(v) || '0101', '%Y%m%d')::date
    end;

create or replace macro staging.files_date(v, latest) as
    case
        when staging.files_day(v) between date '1900-01-01' and latest
            then {'date': staging.files_day(v), 'precision': length(trim(v))::integer}
        else {'date': null::date, 'precision': null::integer}
    end;

create or replace macro staging.files_age_unit(age_cod) as
    case upper(trim(age_cod))
        when 'DEC' then 10.0
        when 'YR' then 1.0
        when 'MON' then 1.0 / 12
        when 'WK' then 7.0 / 365.25
        when 'DY' then 1.0 / 365.25
        when 'HR' then 1.0 / 8766
    end;

create or replace macro staging.files_age_in_years(age, age_cod) as
    round(staging.files_number(age) * staging.files_age_unit(age_cod), 2);

create or replace macro staging.files_age_years(age, age_cod) as
    case
        when staging.files_age_in_years(age, age_cod) <= 120
            then staging.files_age_in_years(age, age_cod)
    end;

create or replace macro staging.files_weight_unit(wt_cod) as
    case upper(trim(wt_cod))
        when 'KG' then 1.0
        when 'KGS' then 1.0
        when 'LBS' then 0.45359237
        when 'GMS' then 0.001
    end;

create or replace macro staging.files_weight_in_kg(wt, wt_cod) as
    round(staging.files_number(wt) * staging.files_weight_unit(wt_cod), 2);

create or replace macro staging.files_weight_kg(wt, wt_cod) as
    case
        when staging.files_weight_in_kg(wt, wt_cod) > 0
            and staging.files_weight_in_kg(wt, wt_cod) <= 650
            then staging.files_weight_in_kg(wt, wt_cod)
    end;

create or replace macro staging.files_sex(v) as
    case when upper(trim(v)) in ('F', 'M') then upper(trim(v)) end;

create or replace macro staging.files_role(v) as
    case upper(trim(v))
        when 'PS' then 'primary suspect'
        when 'SS' then 'secondary suspect'
        when 'C' then 'concomitant'
        when 'I' then 'interacting'
    end;

create or replace macro staging.files_occupation(v) as
    case upper(trim(v))
        when 'MD' then 'physician'
        when 'PH' then 'pharmacist'
        when 'OT' then 'other health professional'
        when 'HP' then 'other health professional'
        when 'RN' then 'nurse'
        when 'LW' then 'lawyer'
        when 'CN' then 'consumer'
    end;

create or replace macro staging.files_report_type(v) as
    case upper(trim(v))
        when 'EXP' then 'expedited (15-day)'
        when 'PER' then 'periodic'
        when 'DIR' then 'direct'
        when '5DAY' then '5-day (combination product)'
        when '30DAY' then '30-day (combination product)'
    end;

create or replace macro staging.files_outcome(v) as
    case upper(trim(v))
        when 'DE' then 'death'
        when 'LT' then 'life-threatening'
        when 'HO' then 'hospitalization'
        when 'DS' then 'disability'
        when 'CA' then 'congenital anomaly'
        when 'RI' then 'required intervention'
        when 'OT' then 'other serious'
    end;

create or replace macro staging.files_report_source(v) as
    case upper(trim(v))
        when 'FGN' then 'foreign'
        when 'SDY' then 'study'
        when 'LIT' then 'literature'
        when 'CSM' then 'consumer'
        when 'HP' then 'health professional'
        when 'UF' then 'user facility'
        when 'CR' then 'company representative'
        when 'DT' then 'distributor'
        when 'OTH' then 'other'
    end;

create or replace macro staging.files_country_filler(v) as
    upper(trim(v)) in ('COUNTRY NOT SPECIFIED', 'A1', 'UNKNOWN', 'UNK');

create or replace macro staging.files_countries() as table
    with

    country_labels as (
        select * from (values
        ('AD', 'Andorra'),
        ('AE', 'United Arab Emirates'),
        ('AF', 'Afghanistan'),
        ('AG', 'Antigua and Barbuda'),
        ('AL', 'Albania'),
        ('AM', 'Armenia'),
        ('AO', 'Angola'),
        ('AR', 'Argentina'),
        ('AT', 'Austria'),
        ('AU', 'Australia'),
        ('AW', 'Aruba'),
        ('AZ', 'Azerbaijan'),
        ('BA', 'Bosnia and Herzegovina'),
        ('BB', 'Barbados'),
        ('BD', 'Bangladesh'),
        ('BE', 'Belgium'),
        ('BF', 'Burkina Faso'),
        ('BG', 'Bulgaria'),
        ('BH', 'Bahrain'),
        ('BI', 'Burundi'),
        ('BJ', 'Benin'),
        ('BM', 'Bermuda'),
        ('BN', 'Brunei Darussalam'),
        ('BO', 'Bolivia'),
        ('BR', 'Brazil'),
        ('BS', 'Bahamas'),
        ('BT', 'Bhutan'),
        ('BW', 'Botswana'),
        ('BY', 'Belarus'),
        ('BZ', 'Belize'),
        ('CA', 'Canada'),
        ('CD', 'Congo, Democratic Republic of the'),
        ('CF', 'Central African Republic'),
        ('CG', 'Congo'),
        ('CH', 'Switzerland'),
        ('CI', 'Cote d''Ivoire'),
        ('CL', 'Chile'),
        ('CM', 'Cameroon'),
        ('CN', 'China'),
        ('CO', 'Colombia'),
        ('CR', 'Costa Rica'),
        ('CU', 'Cuba'),
        ('CV', 'Cabo Verde'),
        ('CW', 'Curacao'),
        ('CY', 'Cyprus'),
        ('CZ', 'Czechia'),
        ('DE', 'Germany'),
        ('DJ', 'Djibouti'),
        ('DK', 'Denmark'),
        ('DM', 'Dominica'),
        ('DO', 'Dominican Republic'),
        ('DZ', 'Algeria'),
        ('EC', 'Ecuador'),
        ('EE', 'Estonia'),
        ('EG', 'Egypt'),
        ('ER', 'Eritrea'),
        ('ES', 'Spain'),
        ('ET', 'Ethiopia'),
        ('FI', 'Finland'),
        ('FJ', 'Fiji'),
        ('FR', 'France'),
        ('GA', 'Gabon'),
        ('GB', 'United Kingdom'),
        ('GD', 'Grenada'),
        ('GE', 'Georgia'),
        ('GF', 'French Guiana'),
        ('GH', 'Ghana'),
        ('GI', 'Gibraltar'),
        ('GL', 'Greenland'),
        ('GM', 'Gambia'),
        ('GN', 'Guinea'),
        ('GP', 'Guadeloupe'),
        ('GQ', 'Equatorial Guinea'),
        ('GR', 'Greece'),
        ('GT', 'Guatemala'),
        ('GU', 'Guam'),
        ('GW', 'Guinea-Bissau'),
        ('GY', 'Guyana'),
        ('HK', 'Hong Kong'),
        ('HN', 'Honduras'),
        ('HR', 'Croatia'),
        ('HT', 'Haiti'),
        ('HU', 'Hungary'),
        ('ID', 'Indonesia'),
        ('IE', 'Ireland'),
        ('IL', 'Israel'),
        ('IN', 'India'),
        ('IQ', 'Iraq'),
        ('IR', 'Iran'),
        ('IS', 'Iceland'),
        ('IT', 'Italy'),
        ('JM', 'Jamaica'),
        ('JO', 'Jordan'),
        ('JP', 'Japan'),
        ('KE', 'Kenya'),
        ('KG', 'Kyrgyzstan'),
        ('KH', 'Cambodia'),
        ('KN', 'Saint Kitts and Nevis'),
        ('KP', 'Korea, Democratic People''s Republic of'),
        ('KR', 'Korea, Republic of'),
        ('KW', 'Kuwait'),
        ('KY', 'Cayman Islands'),
        ('KZ', 'Kazakhstan'),
        ('LA', 'Lao People''s Democratic Republic'),
        ('LB', 'Lebanon'),
        ('LC', 'Saint Lucia'),
        ('LI', 'Liechtenstein'),
        ('LK', 'Sri Lanka'),
        ('LR', 'Liberia'),
        ('LS', 'Lesotho'),
        ('LT', 'Lithuania'),
        ('LU', 'Luxembourg'),
        ('LV', 'Latvia'),
        ('LY', 'Libya'),
        ('MA', 'Morocco'),
        ('MC', 'Monaco'),
        ('MD', 'Moldova'),
        ('ME', 'Montenegro'),
        ('MG', 'Madagascar'),
        ('MK', 'North Macedonia'),
        ('ML', 'Mali'),
        ('MM', 'Myanmar'),
        ('MN', 'Mongolia'),
        ('MO', 'Macao'),
        ('MQ', 'Martinique'),
        ('MR', 'Mauritania'),
        ('MT', 'Malta'),
        ('MU', 'Mauritius'),
        ('MV', 'Maldives'),
        ('MW', 'Malawi'),
        ('MX', 'Mexico'),
        ('MY', 'Malaysia'),
        ('MZ', 'Mozambique'),
        ('NA', 'Namibia'),
        ('NC', 'New Caledonia'),
        ('NE', 'Niger'),
        ('NG', 'Nigeria'),
        ('NI', 'Nicaragua'),
        ('NL', 'Netherlands'),
        ('NO', 'Norway'),
        ('NP', 'Nepal'),
        ('NZ', 'New Zealand'),
        ('OM', 'Oman'),
        ('PA', 'Panama'),
        ('PE', 'Peru'),
        ('PF', 'French Polynesia'),
        ('PG', 'Papua New Guinea'),
        ('PH', 'Philippines'),
        ('PK', 'Pakistan'),
        ('PL', 'Poland'),
        ('PR', 'Puerto Rico'),
        ('PS', 'Palestine, State of'),
        ('PT', 'Portugal'),
        ('PY', 'Paraguay'),
        ('QA', 'Qatar'),
        ('RE', 'Reunion'),
        ('RO', 'Romania'),
        ('RS', 'Serbia'),
        ('RU', 'Russian Federation'),
        ('RW', 'Rwanda'),
        ('SA', 'Saudi Arabia'),
        ('SC', 'Seychelles'),
        ('SD', 'Sudan'),
        ('SE', 'Sweden'),
        ('SG', 'Singapore'),
        ('SI', 'Slovenia'),
        ('SK', 'Slovakia'),
        ('SL', 'Sierra Leone'),
        ('SM', 'San Marino'),
        ('SN', 'Senegal'),
        ('SO', 'Somalia'),
        ('SR', 'Suriname'),
        ('SS', 'South Sudan'),
        ('SV', 'El Salvador'),
        ('SY', 'Syrian Arab Republic'),
        ('SZ', 'Eswatini'),
        ('TD', 'Chad'),
        ('TG', 'Togo'),
        ('TH', 'Thailand'),
        ('TJ', 'Tajikistan'),
        ('TM', 'Turkmenistan'),
        ('TN', 'Tunisia'),
        ('TR', 'Turkiye'),
        ('TT', 'Trinidad and Tobago'),
        ('TW', 'Taiwan'),
        ('TZ', 'Tanzania'),
        ('UA', 'Ukraine'),
        ('UG', 'Uganda'),
        ('US', 'United States'),
        ('UY', 'Uruguay'),
        ('UZ', 'Uzbekistan'),
        ('VC', 'Saint Vincent and the Grenadines'),
        ('VE', 'Venezuela'),
        ('VG', 'Virgin Islands, British'),
        ('VI', 'Virgin Islands, U.S.'),
        ('VN', 'Viet Nam'),
        ('YE', 'Yemen'),
        ('ZA', 'South Africa'),
        ('ZM', 'Zambia'),
        ('ZW', 'Zimbabwe')
        ) as labels (code, label)
    ),

    other_spellings as (
        select * from (values
        ('UNITED STATES OF AMERICA', 'US'),
        ('USA', 'US'),
        ('UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND', 'GB'),
        ('GREAT BRITAIN', 'GB'),
        ('ENGLAND', 'GB'),
        ('UK', 'GB'),
        ('CZECH REPUBLIC', 'CZ'),
        ('KOREA, SOUTH', 'KR'),
        ('SOUTH KOREA', 'KR'),
        ('KOREA', 'KR'),
        ('KOREA, NORTH', 'KP'),
        ('RUSSIA', 'RU'),
        ('IRAN, ISLAMIC REPUBLIC OF', 'IR'),
        ('TAIWAN, PROVINCE OF CHINA', 'TW'),
        ('VIETNAM', 'VN'),
        ('MACEDONIA', 'MK'),
        ('MACEDONIA, THE FORMER YUGOSLAV REPUBLIC OF', 'MK'),
        ('MOLDOVA, REPUBLIC OF', 'MD'),
        ('TANZANIA, UNITED REPUBLIC OF', 'TZ'),
        ('VENEZUELA, BOLIVARIAN REPUBLIC OF', 'VE'),
        ('BOLIVIA, PLURINATIONAL STATE OF', 'BO'),
        ('TURKEY', 'TR'),
        ('SYRIA', 'SY'),
        ('LIBYAN ARAB JAMAHIRIYA', 'LY'),
        ('HOLY SEE (VATICAN CITY STATE)', 'IT'),
        ('COTE D''IVOIRE', 'CI'),
        ('IVORY COAST', 'CI'),
        ('CAPE VERDE', 'CV'),
        ('SWAZILAND', 'SZ'),
        ('BURMA', 'MM'),
        ('MACAU', 'MO'),
        ('CONGO, THE DEMOCRATIC REPUBLIC OF THE', 'CD'),
        ('PALESTINIAN TERRITORY, OCCUPIED', 'PS'),
        ('HONG KONG SAR', 'HK'),
        ('BRUNEI', 'BN'),
        ('LAOS', 'LA'),
        ('NETHERLANDS ANTILLES', 'CW')
        ) as spellings (spelling, code)
    ),

    spellings as (
        select code, label, upper(label) as spelling from country_labels
        union
        select country_labels.code, country_labels.label, other_spellings.spelling
        from other_spellings
        join country_labels on other_spellings.code = country_labels.code
    )

    select code, label, spelling from spellings;
