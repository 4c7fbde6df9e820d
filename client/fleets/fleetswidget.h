#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace iotile {

namespace api {
class ApiClient;
class ApiPager;
} // namespace api

class DeploymentListModel;
class DeploymentProgressModel;
class DeviceScriptModel;
class FleetListModel;
class FleetMembersModel;
class NoticeBar;

// The Fleets & OTA view: an org's fleets (create, edit, delete, search), the selected fleet's devices
// (add, remove, gateway and always-on flags), its deployment requests (create from a device script,
// release), uploads of device script files
// and, for the selected request, each device's update attempts and confirmed versions, followed live.
class FleetsWidget final : public QWidget
{
    Q_OBJECT
public:
    explicit FleetsWidget(api::ApiClient *api, QWidget *parent = nullptr);
    ~FleetsWidget() override;

    // Loads the orgs (after signing in); clear() empties everything (after signing out).
    void reload();
    void clear();
    void setOrg(const QString &orgSlug);
    QString org() const;
    // Selects the fleet (by slug) in the list; false when it is not there.
    bool selectFleet(const QString &slug);
    QString currentFleet() const;
    bool selectRequest(qint64 id);
    qint64 currentRequest() const;

    // The dialogs' actions without the dialogs (also what the buttons call after them).
    void newFleet();
    void editFleet();
    // Deletes the selected fleet without asking (the button asks first).
    void deleteSelectedFleet();
    void addSelectedDevice();
    void removeSelectedDevices();
    void newDeployment();
    void releaseSelected();
    // Sends the file at `path` as the script's file; false when it cannot be read.
    bool uploadScriptFile(const QString &scriptSlug, const QString &path);
    void uploadScript();

    FleetListModel *fleets() const { return m_fleets; }
    FleetMembersModel *members() const { return m_members; }
    DeploymentListModel *deployments() const { return m_deployments; }
    DeploymentProgressModel *progress() const { return m_progress; }
    DeviceScriptModel *scripts() const { return m_scripts; }
    QComboBox *orgBox() const { return m_org; }
    QComboBox *deviceBox() const { return m_device; }
    QCheckBox *followBox() const { return m_follow; }
    NoticeBar *notice() const { return m_notice; }

private:
    QWidget *buildFleets();
    QWidget *buildMembers();
    QWidget *buildDeployments();
    QWidget *buildProgress();
    void loadOrgDevices();
    void onFleetChanged();
    void onRequestChanged();
    void updateButtons();
    void showError(const QString &message);

    api::ApiClient *m_api;
    FleetListModel *m_fleets;
    QSortFilterProxyModel *m_fleetFilter;
    FleetMembersModel *m_members;
    DeploymentListModel *m_deployments;
    DeploymentProgressModel *m_progress;
    DeviceScriptModel *m_scripts;
    QPointer<api::ApiPager> m_orgLoad;
    QPointer<api::ApiPager> m_deviceLoad;
    QString m_reselect; // the fleet to select again once the list has reloaded
    QString m_scope; // "org/fleet" the members and requests panes show

    NoticeBar *m_notice;
    QComboBox *m_org;
    QLineEdit *m_search;
    QTableView *m_fleetView;
    QPushButton *m_newFleet;
    QPushButton *m_editFleet;
    QPushButton *m_deleteFleet;
    QTableView *m_memberView;
    QComboBox *m_device;
    QCheckBox *m_accessPoint;
    QCheckBox *m_alwaysOn;
    QPushButton *m_addDevice;
    QPushButton *m_removeDevice;
    QTableView *m_requestView;
    QPushButton *m_newRequest;
    QPushButton *m_release;
    QPushButton *m_uploadScript;
    QTableView *m_progressView;
    QLabel *m_summary;
    QCheckBox *m_follow;
};

} // namespace iotile
