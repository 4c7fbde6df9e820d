#include "common/slug/deviceslug.h"
#include "server/domain/searchindex.h"
#include "server/store/database.h"
#include "tests/support/seed.h"
#include "tests/support/testserver.h"

#include <QRegularExpression>
#include <QTest>

using namespace iotile;
using namespace iotile::test;

namespace {

// The callers of every row, in the order of the expectation columns below.
enum Caller { Anon, NonMember, Owner, Admin, Member, Operator, Developer, Staff, StaffAsStaff, CallerCount };
constexpr const char *kCallerNames[CallerCount] = {"anonymous",    "non-member", "a0 owner",
                                                   "a1 admin",     "m1 member",  "r1 operator",
                                                   "d1 developer", "staff",      "staff ?staff=1"};

// One endpoint and method, with the status each caller gets. Placeholders in braces are resolved per row:
// {org} {project} {pslug} {p2slug} {device} {variable} {stream} name org A's objects, {borg} {bproject}
// {bpslug} {bdevice} {bvariable} {bstream} org B's; {scratch-*} make a fresh object for the row (so rows
// that delete or claim do not depend on each other); {new} and {lid} are unique per row; {me} is the
// caller's account slug, {someone} another account's.
struct Row
{
    const char *label;
    const char *method;
    const char *path;
    const char *body;
    // anon non-member a0 a1 m1 r1 d1 staff staff?staff=1
    const char *expected;
    // Whether the answer may name org B's objects to a caller outside org B (claimable echoes the slugs
    // it was asked about).
    bool echoesRequest = false;
};

// The expectations follow shared/reference/api-domain.md (sections 1.4, 1.5, 3-8, 15) and the role table
// of server/domain/roles.cpp. Where this implementation deliberately departs from the original, the row
// says so.
const Row kRows[] = {
    // ---- org/ -------------------------------------------------------------------------------------------
    {"org list", "GET", "/api/v1/org/", "", "401 200 200 200 200 200 200 200 200"},
    {"org create", "POST", "/api/v1/org/", R"({"name": "Org {new}"})", "401 201 201 201 201 201 201 201 201"},
    {"org retrieve", "GET", "/api/v1/org/{org}/", "", "401 404 200 200 200 200 200 404 200"},
    {"org patch", "PATCH", "/api/v1/org/{org}/", R"({"about": "patched"})",
     "401 404 200 200 403 403 200 404 200"},
    {"org put", "PUT", "/api/v1/org/{org}/", R"({"name": "Alpha Works"})",
     "401 404 200 200 403 403 200 404 200"},
    // Only staff acting as staff delete orgs, checked before the lookup (the owner cannot either).
    {"org delete", "DELETE", "/api/v1/org/{scratch-org}/", "", "401 403 403 403 403 403 403 403 204"},
    {"org extra", "GET", "/api/v1/org/{org}/extra/", "", "401 404 200 200 200 200 200 404 200"},
    {"org projects", "GET", "/api/v1/org/{org}/projects/", "", "401 404 200 200 200 200 200 404 200"},
    {"org members", "GET", "/api/v1/org/{org}/members/", "", "401 404 200 200 403 403 200 404 200"},
    {"org member role", "PATCH", "/api/v1/org/{org}/members/{member}/", R"({"role": "m1"})",
     "401 404 200 200 403 403 200 404 200"},
    {"org member remove", "DELETE", "/api/v1/org/{org}/members/{scratch-member}/", "",
     "401 404 204 204 403 403 204 404 204"},
    // A staff non-member has no membership to show (the original crashed with a 500).
    {"org membership", "GET", "/api/v1/org/{org}/membership/", "", "401 404 200 200 200 200 200 404 404"},
    {"org pending", "GET", "/api/v1/org/{org}/pending/", "", "401 404 200 200 403 403 200 404 200"},
    {"org invite", "POST", "/api/v1/org/{org}/invite/", R"({"email": "invite{new}@example.com"})",
     "401 404 201 201 403 403 201 404 201"},
    {"org register", "POST", "/api/v1/org/{org}/register/", R"({"user": "{scratch-user}", "role": "m1"})",
     "401 404 201 201 403 403 201 404 201"},
    {"invitation accept", "POST", "/api/v1/org/invitation/accept/", R"({"token": "no-such-token"})",
     "401 404 404 404 404 404 404 404 404"},
    {"org device search", "GET", "/api/v1/org/{org}/devices/?q=pump", "",
     "401 404 200 200 200 200 200 404 200"},

    // ---- project/ ---------------------------------------------------------------------------------------
    {"project list", "GET", "/api/v1/project/", "", "401 200 200 200 200 200 200 200 200"},
    {"project create", "POST", "/api/v1/project/", R"({"name": "New {new}", "org": "{org}"})",
     "401 403 201 201 403 403 201 201 201"},
    {"project new", "POST", "/api/v1/project/new/", R"({"name": "New {new}", "org": "{org}"})",
     "401 403 201 201 403 403 201 201 201"},
    {"project retrieve", "GET", "/api/v1/project/{project}/", "", "401 404 200 200 200 200 200 404 200"},
    {"project patch", "PATCH", "/api/v1/project/{project}/", R"({"about": "patched"})",
     "401 404 200 200 403 403 200 404 200"},
    {"project put", "PUT", "/api/v1/project/{project}/", R"({"name": "Site A"})",
     "401 404 200 200 403 403 200 404 200"},
    // Non-staff get the original's 400 "Restricted Access"; staff outside the org must ask as staff.
    {"project delete", "DELETE", "/api/v1/project/{scratch-project}/", "",
     "401 400 400 400 400 400 400 404 204"},
    {"project extra", "GET", "/api/v1/project/{project}/extra/", "", "401 404 200 200 200 200 200 404 200"},
    {"project by slug is not a lookup", "GET", "/api/v1/project/{pslug}/", "",
     "401 400 400 400 400 400 400 400 400"},

    // ---- device/ ----------------------------------------------------------------------------------------
    {"device list", "GET", "/api/v1/device/", "", "401 200 200 200 200 200 200 200 200"},
    {"device create", "POST", "/api/v1/device/", R"({"template": "meter-v1-0-0"})",
     "401 403 403 403 403 403 403 403 201"},
    {"device claimable", "POST", "/api/v1/device/claimable/", R"({"slugs": ["{device}"]})",
     "401 202 202 202 202 202 202 202 202"},
    {"device claim", "POST", "/api/v1/device/claim/",
     R"({"device": "{scratch-unclaimed}", "project": "{pslug}"})", "401 403 202 202 403 403 202 202 202"},
    // Devices are not hidden: existing but not accessible is 403 (the original's has_access).
    {"device retrieve", "GET", "/api/v1/device/{device}/", "", "401 403 200 200 200 200 200 200 200"},
    {"device patch", "PATCH", "/api/v1/device/{device}/", R"({"label": "patched"})",
     "401 403 200 200 200 403 200 200 200"},
    {"device put", "PUT", "/api/v1/device/{device}/", R"({"label": "put"})",
     "401 403 200 200 200 403 200 200 200"},
    {"device delete", "DELETE", "/api/v1/device/{scratch-device}/", "",
     "401 403 403 403 403 403 403 403 204"},
    {"device unclaim", "POST", "/api/v1/device/{scratch-device}/unclaim/", "{}",
     "401 403 202 202 403 403 202 202 202"},
    {"device move", "POST", "/api/v1/device/{scratch-device}/move/", R"({"project": "{p2slug}"})",
     "401 403 202 202 403 403 202 202 202"},
    {"device upgrade", "POST", "/api/v1/device/{device}/upgrade/", R"({"firmware": "v2.0"})",
     "401 403 202 202 202 202 202 202 202"},
    {"device health", "GET", "/api/v1/device/{device}/health/", "", "401 403 200 200 200 200 200 200 200"},
    {"device health patch", "PATCH", "/api/v1/device/{device}/health/", R"({"health_check_enabled": true})",
     "401 403 200 200 200 200 200 200 200"},
    {"device status", "GET", "/api/v1/device/{device}/status/", "", "401 403 200 200 200 200 200 200 200"},
    {"device by number is not a lookup", "GET", "/api/v1/device/160/", "",
     "401 404 404 404 404 404 404 404 404"},

    // ---- variable/ --------------------------------------------------------------------------------------
    {"variable list", "GET", "/api/v1/variable/", "", "401 200 200 200 200 200 200 200 200"},
    // Deviation: the original let any signed-in user create variables in any project; here it takes
    // can_modify_stream_ids in the project's org.
    {"variable create", "POST", "/api/v1/variable/",
     R"({"project": "{project}", "lid": {lid}, "name": "v{new}"})", "401 403 201 201 201 403 201 201 201"},
    {"variable retrieve", "GET", "/api/v1/variable/{variable}/", "", "401 403 200 200 200 200 200 200 200"},
    {"variable patch", "PATCH", "/api/v1/variable/{variable}/", R"({"about": "patched"})",
     "401 403 200 200 200 403 200 200 200"},
    {"variable put", "PUT", "/api/v1/variable/{variable}/", R"({"name": "IO 5001"})",
     "401 403 200 200 200 403 200 200 200"},
    {"variable delete", "DELETE", "/api/v1/variable/{scratch-variable}/", "",
     "401 403 400 400 400 400 400 204 204"},
    {"variable type", "GET", "/api/v1/variable/{variable}/type/", "", "401 403 200 200 200 200 200 200 200"},

    // ---- stream/ ----------------------------------------------------------------------------------------
    {"stream list", "GET", "/api/v1/stream/", "", "401 200 200 200 200 200 200 200 200"},
    // Deviation: the original took only membership (operators included); here can_modify_stream_ids.
    {"stream create", "POST", "/api/v1/stream/", R"({"variable": "{scratch-variable}"})",
     "401 403 201 201 201 403 201 201 201"},
    // Operators lack can_read_stream_data.
    {"stream retrieve", "GET", "/api/v1/stream/{stream}/", "", "401 403 200 200 200 403 200 200 200"},
    {"stream patch", "PATCH", "/api/v1/stream/{stream}/", R"({"data_label": "patched"})",
     "401 403 200 200 200 403 200 200 200"},
    {"stream put", "PUT", "/api/v1/stream/{stream}/", R"({"data_label": "put"})",
     "401 403 200 200 200 403 200 200 200"},
    {"stream delete", "DELETE", "/api/v1/stream/{scratch-stream}/", "",
     "401 403 400 400 400 403 400 204 204"},

    // ---- account/ ---------------------------------------------------------------------------------------
    {"account list", "GET", "/api/v1/account/", "", "401 200 200 200 200 200 200 200 200"},
    {"account register", "POST", "/api/v1/account/",
     R"({"username": "user{new}", "email": "user{new}@example.com", "password": "long enough 1",
        "confirm_password": "long enough 1"})",
     "201 201 201 201 201 201 201 201 201"},
    {"account retrieve own", "GET", "/api/v1/account/{me}/", "", "401 200 200 200 200 200 200 200 200"},
    {"account retrieve other", "GET", "/api/v1/account/{someone}/", "",
     "401 404 404 404 404 404 404 404 200"},
    {"account patch own", "PATCH", "/api/v1/account/{me}/", R"({"tagline": "mine"})",
     "401 200 200 200 200 200 200 200 200"},
    // Only the account's owner writes it, staff included (the original's IsAccountOwner).
    {"account patch other", "PATCH", "/api/v1/account/{someone}/", R"({"tagline": "theirs"})",
     "401 404 404 404 404 404 404 404 403"},
    {"account delete other", "DELETE", "/api/v1/account/{scratch-someone}/", "",
     "401 404 404 404 404 404 404 404 403"},
    {"account set_password other", "POST", "/api/v1/account/{someone}/set_password/",
     R"({"password": "another password 1"})", "401 404 404 404 404 404 404 404 403"},
    {"account set_password own, no body", "POST", "/api/v1/account/{me}/set_password/", "{}",
     "401 400 400 400 400 400 400 400 400"},

    // ---- search/ ----------------------------------------------------------------------------------------
    {"search", "GET", "/api/v1/search/?q=alpha", "", "401 200 200 200 200 200 200 200 200"},

    // ---- property/, per-object properties, propertytemplate/ ---------------------------------------------
    // Deviation: property/ takes the same flags as the per-object actions (the original: membership only).
    {"property list", "GET", "/api/v1/property/?target={device}", "", "401 403 200 200 200 403 200 200 200"},
    {"property list without target", "GET", "/api/v1/property/", "", "401 406 406 406 406 406 406 406 406"},
    {"property create", "POST", "/api/v1/property/",
     R"({"target": "{device}", "name": "p{new}", "str_value": "x"})", "401 403 201 201 201 403 201 201 201"},
    {"property retrieve", "GET", "/api/v1/property/{prop}/", "", "401 403 200 200 200 403 200 200 200"},
    {"property patch", "PATCH", "/api/v1/property/{prop}/", R"({"str_value": "blue"})",
     "401 403 200 200 200 403 200 200 200"},
    {"property put", "PUT", "/api/v1/property/{prop}/",
     R"({"target": "{device}", "name": "color", "str_value": "red"})", "401 403 200 200 200 403 200 200 200"},
    {"property delete", "DELETE", "/api/v1/property/{scratch-property}/", "",
     "401 403 204 204 204 403 204 204 204"},
    {"device properties", "GET", "/api/v1/device/{device}/properties/", "",
     "401 403 200 200 200 403 200 200 200"},
    {"device new_property", "POST", "/api/v1/device/{device}/new_property/",
     R"({"name": "n{new}", "str_value": "v"})", "401 403 201 201 201 403 201 201 201"},
    {"project properties", "GET", "/api/v1/project/{project}/properties/", "",
     "401 404 200 200 200 403 200 404 200"},
    {"project new_property", "POST", "/api/v1/project/{project}/new_property/",
     R"({"name": "n{new}", "str_value": "v"})", "401 404 201 201 201 403 201 404 201"},
    {"property template list", "GET", "/api/v1/propertytemplate/", "", "401 200 200 200 200 200 200 200 200"},
    // Deviation: creating a template takes can_manage_org_and_projects in its org (the original: any user).
    {"property template create", "POST", "/api/v1/propertytemplate/", R"({"org": "{org}", "name": "t{new}"})",
     "401 403 201 201 403 403 201 201 201"},
    {"property template retrieve", "GET", "/api/v1/propertytemplate/{ptpl}/", "",
     "401 404 200 200 200 200 200 404 200"},
    {"property template patch", "PATCH", "/api/v1/propertytemplate/{ptpl}/", R"({"default": "x"})",
     "401 404 200 200 403 403 200 404 200"},
    {"property template delete", "DELETE", "/api/v1/propertytemplate/{scratch-ptpl}/", "",
     "401 404 204 204 403 403 204 404 204"},
    {"property template enums", "GET", "/api/v1/propertytemplate/{ptpl}/enum/", "",
     "401 404 200 200 200 200 200 404 200"},
    {"property template enum add", "POST", "/api/v1/propertytemplate/{ptpl}/enum/", R"({"value": "e{new}"})",
     "401 404 201 201 403 403 201 404 201"},

    // ---- config/ ----------------------------------------------------------------------------------------
    {"config name list", "GET", "/api/v1/config/name/", "", "401 200 200 200 200 200 200 200 200"},
    {"config name create", "POST", "/api/v1/config/name/", R"({"name": ":n{new}"})",
     "401 403 403 403 403 403 403 201 201"},
    {"config name retrieve", "GET", "/api/v1/config/name/{cname}/", "",
     "401 200 200 200 200 200 200 200 200"},
    {"config name patch", "PATCH", "/api/v1/config/name/{cname}/", R"({"description": "d"})",
     "401 403 403 403 403 403 403 200 200"},
    {"config name delete", "DELETE", "/api/v1/config/name/{scratch-cname}/", "",
     "401 403 403 403 403 403 403 204 204"},
    // An inaccessible target lists nothing, as in the original.
    {"config attr list", "GET", "/api/v1/config/attr/?target={device}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"config attr create", "POST", "/api/v1/config/attr/",
     R"({"target": "{device}", "name": ":test:name", "data": {"x": 2}})",
     "401 403 201 201 201 201 201 201 201"},
    {"config attr retrieve", "GET", "/api/v1/config/attr/{cattr}/", "",
     "401 403 200 200 200 200 200 200 200"},
    {"config attr patch", "PATCH", "/api/v1/config/attr/{cattr}/", R"({"data": 1})",
     "401 400 400 400 400 400 400 400 400"},
    {"config attr delete", "DELETE", "/api/v1/config/attr/{scratch-cattr}/", "",
     "401 403 204 204 204 204 204 204 204"},
    {"config attr search", "GET", "/api/v1/config/attr/search/?target={device}&name=:test:name", "",
     "401 403 200 200 200 200 200 200 200"},

    // ---- note/ and location/ ----------------------------------------------------------------------------
    // Deviation: the note list takes access to the target and can_read_notes (the original: nothing).
    {"note list", "GET", "/api/v1/note/?target={device}", "", "401 403 200 200 200 403 200 200 200"},
    {"note create", "POST", "/api/v1/note/",
     R"({"target": "{device}", "timestamp": "2024-01-01T00:00:00Z", "note": "n"})",
     "401 403 201 201 201 201 201 201 201"},
    {"note retrieve", "GET", "/api/v1/note/{note}/", "", "401 403 200 200 200 403 200 200 200"},
    {"note patch", "PATCH", "/api/v1/note/{note}/", R"({"note": "edited"})",
     "401 403 200 200 200 200 200 200 200"},
    {"note delete", "DELETE", "/api/v1/note/{scratch-note}/", "", "401 403 204 204 204 204 204 204 204"},
    // Without can_read_device_locations the list is empty, not refused (the original's quirk).
    {"location list", "GET", "/api/v1/location/?target={device}", "", "401 200 200 200 200 200 200 200 200"},
    {"location create", "POST", "/api/v1/location/",
     R"({"target": "{device}", "timestamp": "2024-01-01T00:00:00Z", "lat": "1.5", "lon": "2.5"})",
     "401 403 201 201 201 201 201 201 201"},
    {"location retrieve", "GET", "/api/v1/location/{loc}/", "", "401 403 200 200 200 403 200 200 200"},
    {"location patch", "PATCH", "/api/v1/location/{loc}/", R"({"lat": "1.25"})",
     "401 403 200 200 200 403 200 200 200"},
    {"location delete", "DELETE", "/api/v1/location/{scratch-loc}/", "",
     "401 403 204 204 204 403 204 204 204"},

    // ---- keys, the device's catalog objects, org API keys -----------------------------------------------
    {"device key upload", "POST", "/api/v1/key/",
     R"({"slug": "{scratch-device}", "type": "USR", "secret": "s"})", "401 403 403 403 403 403 403 201 201"},
    {"device key download", "GET", "/api/v1/device/{device}/key/?type=usr", "",
     "401 403 200 200 200 200 200 200 200"},
    {"device sg", "GET", "/api/v1/device/{device}/sg/", "", "401 403 200 200 200 200 200 200 200"},
    {"device template", "GET", "/api/v1/device/{device}/template/", "",
     "401 403 200 200 200 200 200 200 200"},
    {"org api keys", "GET", "/api/v1/org/{org}/apikey/", "", "401 404 200 200 403 403 200 404 200"},
    {"org api key create", "POST", "/api/v1/org/{org}/apikey/", R"({"name": "k{new}"})",
     "401 404 201 201 403 403 201 404 201"},
    {"org api key revoke", "DELETE", "/api/v1/org/{org}/apikey/{scratch-apikey}/", "",
     "401 404 204 204 403 403 204 404 204"},

    // ---- the vendor catalog: reads for everyone signed in, writes for staff ------------------------------
    {"org templates", "GET", "/api/v1/ot/", "", "401 200 200 200 200 200 200 200 200"},
    {"org template create", "POST", "/api/v1/ot/", R"({"name": "ot{new}"})",
     "401 403 403 403 403 403 403 201 201"},
    {"project templates", "GET", "/api/v1/pt/", "", "401 200 200 200 200 200 200 200 200"},
    {"components", "GET", "/api/v1/component/", "", "401 200 200 200 200 200 200 200 200"},
    {"device templates", "GET", "/api/v1/dt/", "", "401 200 200 200 200 200 200 200 200"},
    {"device template retrieve", "GET", "/api/v1/dt/meter-v1-0-0/", "",
     "401 200 200 200 200 200 200 200 200"},
    {"sensor graphs", "GET", "/api/v1/sg/", "", "401 200 200 200 200 200 200 200 200"},
    {"sensor graph retrieve", "GET", "/api/v1/sg/{sg}/", "", "401 200 200 200 200 200 200 200 200"},
    {"var types", "GET", "/api/v1/vartype/", "", "401 200 200 200 200 200 200 200 200"},
    {"var type retrieve", "GET", "/api/v1/vartype/volume/", "", "401 200 200 200 200 200 200 200 200"},
    {"var type create", "POST", "/api/v1/vartype/", R"({"name": "vt{new}"})",
     "401 403 403 403 403 403 403 201 201"},
    {"var type delete", "DELETE", "/api/v1/vartype/{scratch-vartype}/", "",
     "401 403 403 403 403 403 403 204 204"},
    {"variable templates cannot be listed", "GET", "/api/v1/vartemplate/", "",
     "401 405 405 405 405 405 405 405 405"},

    // ---- another org's objects, with every method -------------------------------------------------------
    {"B org retrieve", "GET", "/api/v1/org/{borg}/", "", "401 404 404 404 404 404 404 404 200"},
    {"B org patch", "PATCH", "/api/v1/org/{borg}/", R"({"about": "mine now"})",
     "401 404 404 404 404 404 404 404 200"},
    {"B org put", "PUT", "/api/v1/org/{borg}/", R"({"name": "Zebra Corp"})",
     "401 404 404 404 404 404 404 404 200"},
    {"B org delete", "DELETE", "/api/v1/org/{scratch-borg}/", "", "401 403 403 403 403 403 403 403 204"},
    {"B org extra", "GET", "/api/v1/org/{borg}/extra/", "", "401 404 404 404 404 404 404 404 200"},
    {"B org projects", "GET", "/api/v1/org/{borg}/projects/", "", "401 404 404 404 404 404 404 404 200"},
    {"B org members", "GET", "/api/v1/org/{borg}/members/", "", "401 404 404 404 404 404 404 404 200"},
    {"B org member role", "PATCH", "/api/v1/org/{borg}/members/{bowner}/", R"({"role": "a0"})",
     "401 404 404 404 404 404 404 404 200"},
    {"B org member remove", "DELETE", "/api/v1/org/{borg}/members/{scratch-bmember}/", "",
     "401 404 404 404 404 404 404 404 204"},
    {"B org membership", "GET", "/api/v1/org/{borg}/membership/", "", "401 404 404 404 404 404 404 404 404"},
    {"B org pending", "GET", "/api/v1/org/{borg}/pending/", "", "401 404 404 404 404 404 404 404 200"},
    {"B org invite", "POST", "/api/v1/org/{borg}/invite/", R"({"email": "invite{new}@example.com"})",
     "401 404 404 404 404 404 404 404 201"},
    {"B org register", "POST", "/api/v1/org/{borg}/register/", R"({"user": "{scratch-user}"})",
     "401 404 404 404 404 404 404 404 201"},
    {"B org device search", "GET", "/api/v1/org/{borg}/devices/", "", "401 404 404 404 404 404 404 404 200"},
    {"B project create", "POST", "/api/v1/project/", R"({"name": "Mine {new}", "org": "{borg}"})",
     "401 403 403 403 403 403 403 201 201"},
    {"B project new", "POST", "/api/v1/project/new/", R"({"name": "Mine {new}", "org": "{borg}"})",
     "401 403 403 403 403 403 403 201 201"},
    {"B project retrieve", "GET", "/api/v1/project/{bproject}/", "", "401 404 404 404 404 404 404 404 200"},
    {"B project patch", "PATCH", "/api/v1/project/{bproject}/", R"({"about": "mine"})",
     "401 404 404 404 404 404 404 404 200"},
    {"B project put", "PUT", "/api/v1/project/{bproject}/", R"({"name": "Pipeline"})",
     "401 404 404 404 404 404 404 404 200"},
    {"B project delete", "DELETE", "/api/v1/project/{scratch-bproject}/", "",
     "401 400 400 400 400 400 400 404 204"},
    {"B project extra", "GET", "/api/v1/project/{bproject}/extra/", "",
     "401 404 404 404 404 404 404 404 200"},
    {"A project moved into B", "PATCH", "/api/v1/project/{scratch-project}/", R"({"org": "{borg}"})",
     "401 404 403 403 403 403 403 404 200"},
    {"B device retrieve", "GET", "/api/v1/device/{bdevice}/", "", "401 403 403 403 403 403 403 200 200"},
    {"B device retrieve (short slug)", "GET", "/api/v1/device/d--00b0/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B device by number", "GET", "/api/v1/device/176/", "", "401 404 404 404 404 404 404 404 404"},
    {"B device patch", "PATCH", "/api/v1/device/{bdevice}/", R"({"label": "mine"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B device put", "PUT", "/api/v1/device/{bdevice}/", R"({"label": "mine"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B device delete", "DELETE", "/api/v1/device/{scratch-bdevice}/", "",
     "401 403 403 403 403 403 403 403 204"},
    {"B device unclaim", "POST", "/api/v1/device/{scratch-bdevice}/unclaim/", "{}",
     "401 403 403 403 403 403 403 202 202"},
    {"B device moved into A", "POST", "/api/v1/device/{scratch-bdevice}/move/", R"({"project": "{pslug}"})",
     "401 403 403 403 403 403 403 202 202"},
    {"A device moved into B", "POST", "/api/v1/device/{scratch-device}/move/", R"({"project": "{bpslug}"})",
     "401 403 403 403 403 403 403 202 202"},
    {"B device upgrade", "POST", "/api/v1/device/{bdevice}/upgrade/", R"({"firmware": "v2.0"})",
     "401 403 403 403 403 403 403 202 202"},
    {"B device health", "GET", "/api/v1/device/{bdevice}/health/", "", "401 403 403 403 403 403 403 200 200"},
    {"B device health patch", "PATCH", "/api/v1/device/{bdevice}/health/",
     R"({"health_check_enabled": true})", "401 403 403 403 403 403 403 200 200"},
    {"B device status", "GET", "/api/v1/device/{bdevice}/status/", "", "401 403 403 403 403 403 403 200 200"},
    {"claim into B's project", "POST", "/api/v1/device/claim/",
     R"({"device": "{scratch-unclaimed}", "project": "{bpslug}"})", "401 403 403 403 403 403 403 202 202"},
    {"claim B's device into A", "POST", "/api/v1/device/claim/",
     R"({"device": "{bdevice}", "project": "{pslug}"})", "401 403 400 400 403 403 400 400 400"},
    {"claimable B's device", "POST", "/api/v1/device/claimable/", R"({"slugs": ["{bdevice}"]})",
     "401 202 202 202 202 202 202 202 202", true},
    {"B variable create", "POST", "/api/v1/variable/",
     R"({"project": "{bproject}", "lid": {lid}, "name": "x"})", "401 403 403 403 403 403 403 201 201"},
    {"B variable retrieve", "GET", "/api/v1/variable/{bvariable}/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B variable retrieve (short slug)", "GET", "/api/v1/variable/v--0002--5001/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B variable patch", "PATCH", "/api/v1/variable/{bvariable}/", R"({"about": "mine"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B variable put", "PUT", "/api/v1/variable/{bvariable}/", R"({"name": "IO 5001"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B variable delete", "DELETE", "/api/v1/variable/{scratch-bvariable}/", "",
     "401 403 403 403 403 403 403 204 204"},
    {"B variable type", "GET", "/api/v1/variable/{bvariable}/type/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B stream create", "POST", "/api/v1/stream/", R"({"variable": "{scratch-bvariable}"})",
     "401 403 403 403 403 403 403 201 201"},
    {"stream of A's variable on B's device", "POST", "/api/v1/stream/",
     R"({"variable": "{scratch-variable}", "device": "{bdevice}"})", "401 403 403 403 403 403 403 404 404"},
    {"B stream retrieve", "GET", "/api/v1/stream/{bstream}/", "", "401 403 403 403 403 403 403 200 200"},
    {"B stream retrieve (short slug)", "GET", "/api/v1/stream/s--0002--00b0--5001/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B stream patch", "PATCH", "/api/v1/stream/{bstream}/", R"({"data_label": "mine"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B stream put", "PUT", "/api/v1/stream/{bstream}/", R"({"data_label": "mine"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B stream delete", "DELETE", "/api/v1/stream/{scratch-bstream}/", "",
     "401 403 403 403 403 403 403 204 204"},
    {"B property list", "GET", "/api/v1/property/?target={bdevice}", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B property create", "POST", "/api/v1/property/",
     R"({"target": "{bdevice}", "name": "p{new}", "str_value": "x"})", "401 403 403 403 403 403 403 201 201"},
    {"B property retrieve", "GET", "/api/v1/property/{bprop}/", "", "401 403 403 403 403 403 403 200 200"},
    {"B property patch", "PATCH", "/api/v1/property/{bprop}/", R"({"str_value": "zebra-red"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B property put", "PUT", "/api/v1/property/{bprop}/",
     R"({"target": "{bdevice}", "name": "color", "str_value": "zebra-red"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B property delete", "DELETE", "/api/v1/property/{scratch-bproperty}/", "",
     "401 403 403 403 403 403 403 204 204"},
    {"B device properties", "GET", "/api/v1/device/{bdevice}/properties/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B device new_property", "POST", "/api/v1/device/{bdevice}/new_property/",
     R"({"name": "n{new}", "str_value": "v"})", "401 403 403 403 403 403 403 201 201"},
    {"B project properties", "GET", "/api/v1/project/{bproject}/properties/", "",
     "401 404 404 404 404 404 404 404 200"},
    {"B project new_property", "POST", "/api/v1/project/{bproject}/new_property/",
     R"({"name": "n{new}", "str_value": "v"})", "401 404 404 404 404 404 404 404 201"},
    {"B property template create", "POST", "/api/v1/propertytemplate/",
     R"({"org": "{borg}", "name": "t{new}"})", "401 403 403 403 403 403 403 201 201"},
    {"B property template retrieve", "GET", "/api/v1/propertytemplate/{bptpl}/", "",
     "401 404 404 404 404 404 404 404 200"},
    {"B property template patch", "PATCH", "/api/v1/propertytemplate/{bptpl}/", R"({"default": "x"})",
     "401 404 404 404 404 404 404 404 200"},
    {"B property template delete", "DELETE", "/api/v1/propertytemplate/{scratch-bptpl}/", "",
     "401 404 404 404 404 404 404 404 204"},
    {"B property template enums", "GET", "/api/v1/propertytemplate/{bptpl}/enum/", "",
     "401 404 404 404 404 404 404 404 200"},
    {"B property template enum add", "POST", "/api/v1/propertytemplate/{bptpl}/enum/",
     R"({"value": "e{new}"})", "401 404 404 404 404 404 404 404 201"},
    {"A property template moved to B", "PATCH", "/api/v1/propertytemplate/{scratch-ptpl}/",
     R"({"org": "{borg}"})", "401 404 403 403 403 403 403 404 200"},
    {"B config attr create", "POST", "/api/v1/config/attr/",
     R"({"target": "{bdevice}", "name": ":test:name", "data": {"x": 2}})",
     "401 403 403 403 403 403 403 201 201"},
    {"B config attr retrieve", "GET", "/api/v1/config/attr/{bcattr}/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B config attr delete", "DELETE", "/api/v1/config/attr/{scratch-bcattr}/", "",
     "401 403 403 403 403 403 403 204 204"},
    {"B config attr search", "GET", "/api/v1/config/attr/search/?target={bdevice}&name=:test:name", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B note list", "GET", "/api/v1/note/?target={bdevice}", "", "401 403 403 403 403 403 403 200 200"},
    {"B note create", "POST", "/api/v1/note/",
     R"({"target": "{bdevice}", "timestamp": "2024-01-01T00:00:00Z", "note": "n"})",
     "401 403 403 403 403 403 403 201 201"},
    {"B note retrieve", "GET", "/api/v1/note/{bnote}/", "", "401 403 403 403 403 403 403 200 200"},
    {"B note patch", "PATCH", "/api/v1/note/{bnote}/", R"({"note": "zebra note"})",
     "401 403 403 403 403 403 403 200 200"},
    {"A note moved to B's device", "PATCH", "/api/v1/note/{scratch-note}/", R"({"target": "{bdevice}"})",
     "401 403 403 403 403 403 403 200 200"},
    {"B note delete", "DELETE", "/api/v1/note/{scratch-bnote}/", "", "401 403 403 403 403 403 403 204 204"},
    {"B location create", "POST", "/api/v1/location/",
     R"({"target": "{bdevice}", "timestamp": "2024-01-01T00:00:00Z", "lat": "1.5", "lon": "2.5"})",
     "401 403 403 403 403 403 403 201 201"},
    {"B location retrieve", "GET", "/api/v1/location/{bloc}/", "", "401 403 403 403 403 403 403 200 200"},
    {"B location patch", "PATCH", "/api/v1/location/{bloc}/", R"({"lat": "7.654321"})",
     "401 403 403 403 403 403 403 200 200"},
    {"A location moved to B's device", "PATCH", "/api/v1/location/{scratch-loc}/",
     R"({"target": "{bdevice}"})", "401 403 403 403 403 403 403 200 200"},
    {"B location delete", "DELETE", "/api/v1/location/{scratch-bloc}/", "",
     "401 403 403 403 403 403 403 204 204"},
    {"B device key download", "GET", "/api/v1/device/{bdevice}/key/?type=usr", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B device sg", "GET", "/api/v1/device/{bdevice}/sg/", "", "401 403 403 403 403 403 403 200 200"},
    {"B device template", "GET", "/api/v1/device/{bdevice}/template/", "",
     "401 403 403 403 403 403 403 200 200"},
    {"B org api keys", "GET", "/api/v1/org/{borg}/apikey/", "", "401 404 404 404 404 404 404 404 200"},
    {"B org api key create", "POST", "/api/v1/org/{borg}/apikey/", R"({"name": "k{new}"})",
     "401 404 404 404 404 404 404 404 201"},
    {"B org api key revoke", "DELETE", "/api/v1/org/{borg}/apikey/{scratch-bapikey}/", "",
     "401 404 404 404 404 404 404 404 204"},
    {"B org api key revoked through A", "DELETE", "/api/v1/org/{org}/apikey/{scratch-bapikey}/", "",
     "401 404 404 404 403 403 404 404 404"},
    // Lists filtered on another org's objects answer, but with nothing of it (checked by the markers).
    {"config attr list ?target=B", "GET", "/api/v1/config/attr/?target={bdevice}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"location list ?target=B", "GET", "/api/v1/location/?target={bdevice}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"property template list ?org=B", "GET", "/api/v1/propertytemplate/?org={borg}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"device list ?org__slug=B", "GET", "/api/v1/device/?org__slug={borg}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"device list ?project=B", "GET", "/api/v1/device/?project={bproject}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"project list ?org=B", "GET", "/api/v1/project/?org={borg}", "", "401 200 200 200 200 200 200 200 200"},
    {"project list ?slug=B", "GET", "/api/v1/project/?slug={bpslug}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"variable list ?project=B", "GET", "/api/v1/variable/?project={bproject}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"variable list ?org=B", "GET", "/api/v1/variable/?org={borg}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"stream list ?device=B", "GET", "/api/v1/stream/?device={bdevice}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"stream list ?project=B", "GET", "/api/v1/stream/?project={bproject}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"stream list ?variable=B", "GET", "/api/v1/stream/?variable={bvariable}", "",
     "401 200 200 200 200 200 200 200 200"},
    {"org list ?search=B", "GET", "/api/v1/org/?search=zebra", "", "401 200 200 200 200 200 200 200 200"},
    {"search B", "GET", "/api/v1/search/?q=zebra", "", "401 200 200 200 200 200 200 200 200"},
};

} // namespace

// The permission matrix: every resource and method of the core API, called by every kind of caller, with
// the status each must get; and no object of another org visible or writable to anyone outside it.
class TstPermissions : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void matrix_data();
    void matrix();
    void movedProjectTakesItsObjects();

private:
    QString resolve(const QString &text, Caller caller);
    QString scratch(const QString &what);
    // Makes an object through the API as staff (asking as staff) and returns its id.
    QString create(const QString &path, const QJsonObject &body);
    const Account *account(Caller caller) const;

    std::unique_ptr<TestServer> m_server;
    Account m_callers[CallerCount];
    Account m_bOwner, m_someone;
    Org m_a, m_b;
    Project m_pa, m_pa2, m_pb;
    Device m_da, m_db;
    SensorGraph m_sg;
    QStringList m_markers; // text of org B's objects no outsider may see
    QHash<QString, QString> m_fixtures; // ids of metadata objects, by placeholder
    int m_serial = 0;
    qint64 m_nextDevice = 0x1000;
    int m_nextLid = 0x6000;
};

void TstPermissions::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    const char *names[CallerCount] = {"",         "nonmember", "owner", "admin", "member",
                                      "operator", "developer", "staff", ""};
    for (int c = NonMember; c <= Staff; ++c)
        m_callers[c] = m_server->createUser(QStringLiteral("%1@example.com").arg(QLatin1String(names[c])),
                                            QStringLiteral("password1"), c == Staff);
    m_callers[StaffAsStaff] = m_callers[Staff];
    m_bOwner = m_server->createUser(QStringLiteral("zebra@example.com"), QStringLiteral("password1"));
    m_someone = m_server->createUser(QStringLiteral("someone@example.com"), QStringLiteral("password1"));

    Seed seed(*m_server);
    m_a = seed.org(QStringLiteral("Alpha Works"), m_callers[Owner]);
    seed.member(m_a, m_callers[Admin], QStringLiteral("a1"));
    seed.member(m_a, m_callers[Member], QStringLiteral("m1"));
    seed.member(m_a, m_callers[Operator], QStringLiteral("r1"));
    seed.member(m_a, m_callers[Developer], QStringLiteral("d1"));
    m_b = seed.org(QStringLiteral("Zebra Corp"), m_bOwner);
    m_pa = seed.project(m_a, QStringLiteral("Site A"), m_callers[Owner]);
    m_pb = seed.project(m_b, QStringLiteral("Pipeline"), m_bOwner);
    m_pa2 = seed.project(m_a, QStringLiteral("Site A2"), m_callers[Owner]);
    const VarType volume = seed.varType(QStringLiteral("Volume"));
    m_sg = seed.sensorGraph(QStringLiteral("Meter"), {QStringLiteral("5001")}, &volume);
    SqlQuery dt =
        seed.db().query("INSERT INTO device_templates (uuid, external_sku, slug, created_on) VALUES "
                        "('7f9e1c6e-0000-4000-8000-0000000000aa', 'Meter', 'meter-v1-0-0', 0)");
    QVERIFY(dt.exec());
    m_da = seed.claim(seed.device(0xa0, &m_sg, QStringLiteral("Alpha pump")), m_pa, m_callers[Owner]);
    m_db = seed.claim(seed.device(0xb0, &m_sg, QStringLiteral("Zebra pump")), m_pb, m_bOwner);
    QVERIFY(SearchIndex::rebuild(seed.db()));
    QCOMPARE(m_pb.slug, QStringLiteral("p--0000-0002"));
    m_markers = {m_b.uuid,
                 m_b.slug,
                 m_b.name,
                 m_pb.uuid,
                 m_pb.slug,
                 m_db.slug,
                 QStringLiteral("Zebra pump"),
                 QStringLiteral("v--0000-0002--5001"),
                 QStringLiteral("s--0000-0002--0000-0000-0000-00b0--5001")};
    SqlQuery templates = seed.db().query(
        "UPDATE devices SET template_id = (SELECT id FROM device_templates WHERE slug = 'meter-v1-0-0')");
    QVERIFY(templates.exec());
    // Metadata of both orgs' devices, made through the API.
    for (const bool inB : {false, true}) {
        const QString device = inB ? m_db.slug : m_da.slug;
        const QString b = inB ? QStringLiteral("b") : QString();
        m_fixtures.insert(b + QStringLiteral("prop"),
                          create(QStringLiteral("/api/v1/device/%1/new_property/").arg(device),
                                 QJsonObject {{"name", "color"}, {"str_value", inB ? "zebra-red" : "red"}}));
        m_fixtures.insert(b + QStringLiteral("ptpl"),
                          create(QStringLiteral("/api/v1/propertytemplate/"),
                                 QJsonObject {{"org", inB ? m_b.slug : m_a.slug}, {"name", "Template"}}));
        if (!inB)
            m_fixtures.insert(
                QStringLiteral("cname"),
                create(QStringLiteral("/api/v1/config/name/"), QJsonObject {{"name", ":test:name"}}));
        m_fixtures.insert(
            b + QStringLiteral("cattr"),
            create(
                QStringLiteral("/api/v1/config/attr/"),
                QJsonObject {{"target", device}, {"name", ":test:name"}, {"data", QJsonObject {{"x", 1}}}}));
        m_fixtures.insert(b + QStringLiteral("note"),
                          create(QStringLiteral("/api/v1/note/"),
                                 QJsonObject {{"target", device},
                                              {"timestamp", "2024-01-01T00:00:00Z"},
                                              {"note", inB ? "zebra note" : "hello"}}));
        m_fixtures.insert(b + QStringLiteral("loc"),
                          create(QStringLiteral("/api/v1/location/"),
                                 QJsonObject {{"target", device},
                                              {"timestamp", "2024-01-01T00:00:00Z"},
                                              {"lat", inB ? "7.654321" : "1.5"},
                                              {"lon", "2.5"}}));
        const HttpReply key = m_server->clientFor(m_callers[Staff])
                                  ->post(QStringLiteral("/api/v1/key/?staff=1"),
                                         QJsonObject {{"slug", device},
                                                      {"type", "USR"},
                                                      {"downloadable", true},
                                                      {"secret", inB ? "zebra-secret" : "alpha-secret"}});
        QCOMPARE(key.status, 201);
    }
    m_markers << QStringLiteral("zebra-red") << QStringLiteral("zebra note") << QStringLiteral("zebra-secret")
              << QStringLiteral("7.654321");
    // The objects the rows name exist as expected.
    auto staff = m_server->clientFor(m_callers[Staff]);
    for (const QString &path : {QStringLiteral("/api/v1/variable/v--0000-0001--5001/"),
                                QStringLiteral("/api/v1/variable/v--0000-0002--5001/type/"),
                                QStringLiteral("/api/v1/stream/s--0000-0001--0000-0000-0000-00a0--5001/"),
                                QStringLiteral("/api/v1/stream/s--0000-0002--0000-0000-0000-00b0--5001/")})
        QCOMPARE(staff->get(path + QStringLiteral("?staff=1")).status, 200);
}

void TstPermissions::cleanupTestCase()
{
    m_server.reset();
}

QString TstPermissions::create(const QString &path, const QJsonObject &body)
{
    const HttpReply r = m_server->clientFor(m_callers[Staff])->post(path + QStringLiteral("?staff=1"), body);
    if (r.status != 201)
        qFatal("creating %s failed: %d %s", qPrintable(path), r.status, r.body.constData());
    const QJsonValue id = r.object().value(QLatin1String("id"));
    return id.isString() ? id.toString() : QString::number(id.toInteger());
}

const Account *TstPermissions::account(Caller caller) const
{
    return caller == Anon ? nullptr : &m_callers[caller];
}

QString TstPermissions::scratch(const QString &what)
{
    Seed seed(*m_server);
    const int n = ++m_serial;
    const bool inB = what.startsWith(QLatin1String("b"));
    const Org &org = inB ? m_b : m_a;
    const Project &project = inB ? m_pb : m_pa;
    const Account &owner = inB ? m_bOwner : m_callers[Owner];
    const QString kind = inB ? what.mid(1) : what;
    if (kind == QLatin1String("org"))
        return seed.org(QStringLiteral("Scratch %1").arg(n), owner).slug;
    if (kind == QLatin1String("project"))
        return seed.project(org, QStringLiteral("Scratch %1").arg(n), owner).uuid;
    if (kind == QLatin1String("device") || kind == QLatin1String("unclaimed")) {
        Device d = seed.device(m_nextDevice++, &m_sg, QStringLiteral("Scratch %1").arg(n));
        if (kind == QLatin1String("device"))
            d = seed.claim(d, project, owner);
        return d.slug;
    }
    if (kind == QLatin1String("variable"))
        return seed.variable(project, m_nextLid++, QStringLiteral("Scratch %1").arg(n)).slug;
    if (kind == QLatin1String("stream")) {
        const Variable v = seed.variable(project, m_nextLid++, QStringLiteral("Scratch %1").arg(n));
        return seed.stream(inB ? m_db : m_da, project, v).slug;
    }
    if (kind == QLatin1String("user") || kind == QLatin1String("someone")
        || kind == QLatin1String("member")) {
        const Account a =
            m_server->createUser(QStringLiteral("scratch%1@example.com").arg(n), QStringLiteral("password1"));
        if (kind == QLatin1String("member"))
            seed.member(org, a, QStringLiteral("m1"));
        return a.slug;
    }
    const QString device = inB ? m_db.slug : m_da.slug;
    if (kind == QLatin1String("property"))
        return create(QStringLiteral("/api/v1/device/%1/new_property/").arg(device),
                      QJsonObject {{"name", QStringLiteral("scratch%1").arg(n)}, {"str_value", "x"}});
    if (kind == QLatin1String("ptpl"))
        return create(QStringLiteral("/api/v1/propertytemplate/"),
                      QJsonObject {{"org", org.slug}, {"name", QStringLiteral("Scratch %1").arg(n)}});
    if (kind == QLatin1String("cname"))
        return create(QStringLiteral("/api/v1/config/name/"),
                      QJsonObject {{"name", QStringLiteral(":scratch%1").arg(n)}});
    if (kind == QLatin1String("cattr")) {
        const QString name = QStringLiteral(":scratch%1").arg(n);
        create(QStringLiteral("/api/v1/config/name/"), QJsonObject {{"name", name}});
        return create(QStringLiteral("/api/v1/config/attr/"),
                      QJsonObject {{"target", device}, {"name", name}, {"data", n}});
    }
    if (kind == QLatin1String("note"))
        return create(
            QStringLiteral("/api/v1/note/"),
            QJsonObject {{"target", device}, {"timestamp", "2024-01-02T00:00:00Z"}, {"note", "scratch"}});
    if (kind == QLatin1String("loc"))
        return create(
            QStringLiteral("/api/v1/location/"),
            QJsonObject {
                {"target", device}, {"timestamp", "2024-01-02T00:00:00Z"}, {"lat", "0.5"}, {"lon", "0.5"}});
    if (kind == QLatin1String("apikey"))
        return create(QStringLiteral("/api/v1/org/%1/apikey/").arg(org.slug),
                      QJsonObject {{"name", QStringLiteral("scratch%1").arg(n)}});
    if (kind == QLatin1String("vartype"))
        return seed.varType(QStringLiteral("Scratch Type %1").arg(n)).slug;
    qFatal("unknown scratch object %s", qPrintable(what));
    return {};
}

QString TstPermissions::resolve(const QString &text, Caller caller)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z0-9-]+)\\}"));
    const QHash<QString, QString> fixed = {
        {QStringLiteral("org"), m_a.slug},
        {QStringLiteral("project"), m_pa.uuid},
        {QStringLiteral("pslug"), m_pa.slug},
        {QStringLiteral("p2slug"), m_pa2.slug},
        {QStringLiteral("device"), m_da.slug},
        {QStringLiteral("variable"), QStringLiteral("v--0000-0001--5001")},
        {QStringLiteral("stream"), QStringLiteral("s--0000-0001--0000-0000-0000-00a0--5001")},
        {QStringLiteral("member"), m_callers[Member].slug},
        {QStringLiteral("sg"), m_sg.slug},
        {QStringLiteral("borg"), m_b.slug},
        {QStringLiteral("bproject"), m_pb.uuid},
        {QStringLiteral("bpslug"), m_pb.slug},
        {QStringLiteral("bdevice"), m_db.slug},
        {QStringLiteral("bvariable"), QStringLiteral("v--0000-0002--5001")},
        {QStringLiteral("bstream"), QStringLiteral("s--0000-0002--0000-0000-0000-00b0--5001")},
        {QStringLiteral("bowner"), m_bOwner.slug},
        {QStringLiteral("someone"), m_someone.slug},
        {QStringLiteral("me"), caller == Anon ? m_someone.slug : m_callers[caller].slug},
    };
    QString out;
    qsizetype last = 0;
    QString fresh;
    auto it = placeholder.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QString name = m.captured(1);
        if (fixed.contains(name)) {
            out += fixed.value(name);
        } else if (m_fixtures.contains(name)) {
            out += m_fixtures.value(name);
        } else if (name == QLatin1String("new")) {
            if (fresh.isEmpty())
                fresh = QString::number(++m_serial); // one value per row, however often it appears
            out += fresh;
        } else if (name == QLatin1String("lid")) {
            out += QString::number(m_nextLid++);
        } else if (name.startsWith(QLatin1String("scratch-"))) {
            out += scratch(name.mid(8));
        } else {
            qFatal("unknown placeholder %s", qPrintable(name));
        }
    }
    return out + text.mid(last);
}

void TstPermissions::matrix_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("caller");
    QTest::addColumn<int>("expected");
    QTest::addColumn<bool>("echoesRequest");
    for (const Row &row : kRows) {
        const QStringList statuses = QString::fromLatin1(row.expected).split(QLatin1Char(' '));
        QVERIFY2(statuses.size() == CallerCount, row.label);
        for (int c = 0; c < CallerCount; ++c)
            QTest::addRow("%s %s | %s", row.method, row.label, kCallerNames[c])
                << QString::fromLatin1(row.method) << QString::fromLatin1(row.path)
                << QString::fromUtf8(row.body) << c << statuses.at(c).toInt() << row.echoesRequest;
    }
}

void TstPermissions::matrix()
{
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, body);
    QFETCH(int, caller);
    QFETCH(int, expected);
    QFETCH(bool, echoesRequest);
    const Caller who = Caller(caller);
    QString resolvedPath = resolve(path, who);
    const QString resolvedBody = resolve(body, who);
    if (who == StaffAsStaff)
        resolvedPath += (resolvedPath.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?"))
            + QStringLiteral("staff=1");
    auto client = who == Anon ? m_server->anonymous() : m_server->clientFor(*account(who));
    const HttpReply r = resolvedBody.isEmpty()
        ? client->send(method.toLatin1(), resolvedPath, {}, {})
        : client->send(method.toLatin1(), resolvedPath, resolvedBody.toUtf8(), "application/json");
    QVERIFY2(r.status == expected,
             qPrintable(QStringLiteral("%1 %2 %3 -> %4 %5")
                            .arg(method, resolvedPath, resolvedBody)
                            .arg(r.status)
                            .arg(QString::fromUtf8(r.body.left(300)))));
    if (who == Anon)
        QCOMPARE(r.header("www-authenticate").isEmpty(), expected != 401);
    // Nobody outside org B learns anything of it (staff see everything by design).
    if (who != Staff && who != StaffAsStaff && !echoesRequest) {
        for (const QString &marker : std::as_const(m_markers))
            QVERIFY2(!r.body.contains(marker.toUtf8()),
                     qPrintable(QStringLiteral("%1 %2 shows \"%3\": %4")
                                    .arg(method, resolvedPath, marker, QString::fromUtf8(r.body.left(300)))));
    }
}

// A project moved to another org takes its devices, variables and streams along: the old org's members
// lose access to them and the new org's members gain it (the original left the devices' org behind).
void TstPermissions::movedProjectTakesItsObjects()
{
    Seed seed(*m_server);
    const Account both =
        m_server->createUser(QStringLiteral("both@example.com"), QStringLiteral("password1"));
    seed.member(m_a, both, QStringLiteral("a1"));
    seed.member(m_b, both, QStringLiteral("a1"));
    const Project p = seed.project(m_a, QStringLiteral("Moving"), m_callers[Owner]);
    const Device d =
        seed.claim(seed.device(m_nextDevice++, &m_sg, QStringLiteral("Mover")), p, m_callers[Owner]);
    QVERIFY(SearchIndex::rebuild(seed.db()));
    const QString variable = QStringLiteral("v--%1--5001").arg(p.slug.mid(3));
    const QString stream =
        QStringLiteral("s--%1--%2--5001").arg(p.slug.mid(3), DeviceSlug(quint64(d.id)).fullGid());
    const QStringList paths = {QStringLiteral("/api/v1/device/%1/").arg(d.slug),
                               QStringLiteral("/api/v1/variable/%1/").arg(variable),
                               QStringLiteral("/api/v1/stream/%1/").arg(stream)};
    auto member = m_server->clientFor(m_callers[Member]);
    auto zebra = m_server->clientFor(m_bOwner);
    for (const QString &path : paths) {
        QCOMPARE(member->get(path).status, 200);
        QCOMPARE(zebra->get(path).status, 403);
    }
    QCOMPARE(member->get(QStringLiteral("/api/v1/search/?q=mover")).object().value("count").toInt(), 1);
    const HttpReply moved = m_server->clientFor(both)->patch(
        QStringLiteral("/api/v1/project/%1/").arg(p.uuid), QJsonObject {{"org", m_b.slug}});
    QCOMPARE(moved.status, 200);
    QCOMPARE(moved.object().value("org").toString(), m_b.slug);
    for (const QString &path : paths) {
        QCOMPARE(member->get(path).status, 403);
        const HttpReply r = zebra->get(path);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value("org").toString(), m_b.slug);
    }
    const auto count = [&](HttpClient &client, const QString &list) {
        return client.get(list).object().value("count").toInt();
    };
    QCOMPARE(count(*member, QStringLiteral("/api/v1/device/?project=%1").arg(p.uuid)), 0);
    QCOMPARE(count(*zebra, QStringLiteral("/api/v1/device/?project=%1").arg(p.uuid)), 1);
    QCOMPARE(count(*member, QStringLiteral("/api/v1/search/?q=mover")), 0);
    QCOMPARE(count(*zebra, QStringLiteral("/api/v1/search/?q=mover")), 1);
}

QTEST_GUILESS_MAIN(TstPermissions)
#include "tst_permissions.moc"
