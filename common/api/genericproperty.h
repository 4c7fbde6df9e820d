#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace iotile::api {

// A name/value property of a project or device (property/, device/<slug>/properties/).
struct GenericProperty
{
    qint64 id = 0;
    QString name;
    QJsonValue value; // int, string or bool as the server typed it
    QString type; // "int", "str", "bool"
    bool isSystem = false;
    QString target;

    static GenericProperty fromJson(const QJsonObject &object);
    QString valueText() const;
    // The body of new_property/: the value field that matches the type ("int_value", "str_value", ...).
    static QJsonObject newPropertyBody(const QString &name, const QString &type, const QString &text);
};

} // namespace iotile::api
