#pragma once

#include "server/api/validation.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>

namespace iotile {

// Reads a request body the way a DRF ModelSerializer does for create and full update (required fields
// must be sent) or partial update (PATCH: only what is sent is checked), collecting every field error at
// once in DRF's words. Each reader returns the value when the field was sent and valid.
class FieldReader
{
public:
    static constexpr qint64 kIntMin = std::numeric_limits<qint32>::min();
    static constexpr qint64 kIntMax = std::numeric_limits<qint32>::max();

    FieldReader(const QJsonObject &body, bool partial)
        : m_body(body)
        , m_partial(partial)
    { }

    bool partial() const { return m_partial; }
    bool has(const QString &field) const { return m_body.contains(field); }
    const QJsonObject &body() const { return m_body; }

    // CharField: surrounding whitespace trimmed, numbers taken as text.
    std::optional<QString> text(const QString &field, int maxLength, bool required, bool allowBlank = true);
    // IntegerField (model IntegerField: kIntMin..kIntMax; PositiveIntegerField: 0..kIntMax).
    std::optional<qint64> integer(const QString &field, qint64 min = kIntMin, qint64 max = kIntMax,
                                  bool required = false);
    std::optional<double> number(const QString &field);
    std::optional<bool> boolean(const QString &field);
    std::optional<QString> choice(const QString &field, const QStringList &choices, bool required);
    // DateField: YYYY-MM-DD (returned zero-padded).
    std::optional<QString> date(const QString &field, bool required);
    // JSONField of a nullable model field: any JSON value, null included.
    std::optional<QJsonValue> json(const QString &field);

    // SlugRelatedField: what was sent. `slug` is empty when null was sent (and allowed).
    struct Reference
    {
        bool present = false;
        bool isNull = false;
        QString slug;
    };
    Reference reference(const QString &field, bool required, bool allowNull);
    // The error of a reference to a slug that does not resolve.
    void notFound(const QString &field, const QString &slug);

    void add(const QString &field, const QString &message) { m_errors.add(field, message); }
    bool hasError(const QString &field) const { return m_errors.has(field); }
    Status status() const { return m_errors.status(); }

private:
    // Present and not null; records "required" / "may not be null" otherwise.
    bool present(const QString &field, bool required, bool allowNull = false);

    QJsonObject m_body;
    bool m_partial;
    FieldErrors m_errors;
};

} // namespace iotile
