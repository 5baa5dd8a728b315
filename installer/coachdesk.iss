; CoachDesk per-user installer (Inno Setup 6). Built on Windows by
;   powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1
; (the one-folder app first, then ISCC.exe on this script). See installer\README.md.
; No administrator rights are needed to install, upgrade or uninstall. The coach's vault
; lives in %LOCALAPPDATA%\CoachDesk (platformdirs), outside the program folder: the
; uninstaller never touches it.

; the version comes from pyproject.toml ([project] version = "0.1.0"); /DAppVersion=... wins
#ifndef AppVersion
  #define AppVersion StringChange(ReadIni(SourcePath + "\..\pyproject.toml", "project", "version", "0.0.0"), '"', '')
#endif
#define AppName "CoachDesk"
#define AppExe "CoachDesk.exe"
#define Bundle SourcePath + "\..\dist\CoachDesk"

[Setup]
; never change AppId: upgrades find the installed copy by it
AppId={{6E0C2B8A-4C1D-4F3B-9A57-C0AC4DE5C715}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CoachDesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} installer
; per user, no administrator rights: %LOCALAPPDATA%\Programs\CoachDesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\{#AppName}
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#SourcePath}\..\dist
OutputBaseFilename=CoachDesk-{#AppVersion}-setup
SetupIconFile={#SourcePath}\..\build\icons\coachdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; an upgrade closes a running CoachDesk first (it locks its vault cleanly on close)
CloseApplications=yes
RestartApplications=no
; a signed build: configure a sign tool named "signtool" in the Inno Setup IDE or with
; ISCC /Ssigntool="signtool sign /fd sha256 /tr http://timestamp.example /td sha256 $f"
; and uncomment the next line (see README: AppLocker publisher rules need a signed build)
;SignTool=signtool

[Languages]
Name: "english"; MessagesFile: "compiler:Languages\English.isl"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade replaces the previous version's libraries wholesale (the program folder only)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Caseload, case notes and action plans"
Name: "{autoprograms}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\coachdesk-cli.exe"" --self-test"; WorkingDir: "{app}"; IconFilename: "{app}\{#AppExe}"; Comment: "Check this PC can run CoachDesk (for IT support)"

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; ONLY the program folder. Never {localappdata}\CoachDesk, where the vaults, backups and
; preferences live: uninstalling must not delete a coach's caseload.
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
