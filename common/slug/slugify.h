#pragma once

#include <QString>
#include <QStringView>

// Django's slugify() (3.2, allow_unicode=False) and the name+version slugs the original builds with it:
// the slugs of accounts, orgs, var types, units and templates.
namespace iotile {

// NFKD, drop non-ASCII, lower-case, drop everything but [a-z0-9_], whitespace and '-', collapse runs of
// whitespace and dashes to one '-', strip leading/trailing '-' and '_'. "SG 1--v1-0-0" -> "sg-1-v1-0-0".
QString slugify(QStringView text);

// Templates, sensor graphs and device templates: slugify("<name>--v<major>-<minor>-<patch>"). Django's
// slugify collapses the "--", so "SG 1" v1.0.0 -> "sg-1-v1-0-0" (the original's own tests expect this).
QString versionedSlug(QStringView name, qint64 major, qint64 minor, qint64 patch);

// Components: slugify("<external_sku>-<major>-<minor>-<patch>").
QString componentSlug(QStringView externalSku, qint64 major, qint64 minor, qint64 patch);

} // namespace iotile
