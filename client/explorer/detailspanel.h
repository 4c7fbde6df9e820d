#pragma once

#include "client/explorer/explorernode.h"

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace iotile {

namespace api {
class ApiClient;
}

class ConfigAttributesModel;
class LocationsModel;
class NoticeBar;
class NotesModel;
class PropertiesModel;
class RecordListModel;

// Everything about the item selected in the explorer: an overview (a device's label is editable here),
// and for the kinds that have them its properties, notes, locations and configuration attributes. The
// lists load when their tab is first shown for an item.
class DetailsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit DetailsPanel(api::ApiClient *api, QWidget *parent = nullptr);

    void setItem(ExplorerNode::Kind kind, const QJsonObject &object);
    ExplorerNode::Kind kind() const { return m_kind; }
    const QJsonObject &object() const { return m_object; }

    PropertiesModel *propertiesModel() const { return m_properties; }
    NotesModel *notesModel() const { return m_notes; }
    LocationsModel *locationsModel() const { return m_locations; }
    ConfigAttributesModel *configModel() const { return m_config; }
    QTabWidget *tabs() const { return m_tabs; }
    NoticeBar *notice() const { return m_notice; }

    // Saves the device label typed in the overview (PATCH device/<slug>/).
    void saveLabel(const QString &label);

signals:
    // The server accepted a change to the object (the explorer shows the new version).
    void objectChanged(const QJsonObject &object);

private:
    QWidget *buildOverview();
    QWidget *buildProperties();
    QWidget *buildNotes();
    QWidget *buildLocations();
    QWidget *buildConfig();
    QTableView *tableFor(RecordListModel *model, QWidget *parent);
    void fillOverview();
    void addRow(const QString &label, const QString &value);
    void loadCurrentTab();
    void watch(RecordListModel *model);

    api::ApiClient *m_api;
    ExplorerNode::Kind m_kind = ExplorerNode::Kind::Root;
    QJsonObject m_object;
    QLabel *m_title;
    NoticeBar *m_notice;
    QTabWidget *m_tabs;
    QWidget *m_overview;
    QFormLayout *m_form;
    QWidget *m_labelEditor;
    QLineEdit *m_label;
    QWidget *m_propertiesTab;
    QWidget *m_notesTab;
    QWidget *m_locationsTab;
    QWidget *m_configTab;
    PropertiesModel *m_properties;
    NotesModel *m_notes;
    LocationsModel *m_locations;
    ConfigAttributesModel *m_config;
    QTableView *m_propertiesView = nullptr;
    QTableView *m_configView = nullptr;
    QHash<QWidget *, QString> m_loadedFor;
};

} // namespace iotile
