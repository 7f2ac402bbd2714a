; GXP Tray's Windows installer (NSIS 3, Unicode), built by scripts/windows.sh:
;
;   makensis -DVERSION=x.y.z -DVERSION4=x.y.z.b -DEXE=path\gxptray.exe -DICON=gxptray.ico -DOUT=setup.exe gxptray.nsi
;
; Per user, no administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\GXP Tray, everything else to HKCU and the user's
; Start menu. What it sets up:
;   - Start menu entry "GXP Tray"
;   - tel: and callto: links open with gxptray.exe "%1" (HKCU\Software\Classes),
;     and GXP Tray is offered in Settings -> Apps -> Default apps
;   - optional: start at login (gxptray.exe autostart on: the program writes
;     its own Run value); silent: /AUTOSTART=1
;   - an uninstaller, listed in Settings -> Apps
; The uninstaller removes all of it and, when asked (a checkbox; silent:
; /PURGE=1), the settings, the call history and the password saved in
; Credential Manager. Silent runs: setup.exe /S, uninstall.exe /S.

; 64-bit like the program (and Wine 64 without its 32-bit half runs it too).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define APP "GXP Tray"
!define APPEXE "gxptray.exe"
!define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\GXPTray"
!define LINKCLASS "GXPTray.Link"
!define CAPS "Software\GXP Tray\Capabilities"
; notify/toast_windows.go: the toasts' app id and activation class
!define TOASTAPP "Software\Classes\AppUserModelId\GXP Tray"
!define TOASTCLSID "Software\Classes\CLSID\{6E3B2F61-9C1A-4D7B-A8E5-2F0C4B9D7A13}"

Name "${APP}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\GXP Tray"
InstallDirRegKey HKCU "${UNINST}" "InstallLocation"
Icon "${ICON}"
UninstallIcon "${ICON}"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "GXP Tray authors"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Russian"

LangString SecApp ${LANG_ENGLISH} "GXP Tray (Start menu, tel: and callto: links)"
LangString SecApp ${LANG_RUSSIAN} "GXP Tray (меню «Пуск», ссылки tel: и callto:)"
LangString SecLogin ${LANG_ENGLISH} "Start at login"
LangString SecLogin ${LANG_RUSSIAN} "Запускать при входе в систему"
LangString SecPurge ${LANG_ENGLISH} "Also remove my settings, call history and saved password"
LangString SecPurge ${LANG_RUSSIAN} "Удалить и мои настройки, историю звонков и сохранённый пароль"

; The one command line every link handler uses.
!macro Handler SCHEME
  WriteRegStr HKCU "Software\Classes\${SCHEME}" "" "URL:${SCHEME}"
  WriteRegStr HKCU "Software\Classes\${SCHEME}" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\${SCHEME}\DefaultIcon" "" '"$INSTDIR\${APPEXE}",0'
  WriteRegStr HKCU "Software\Classes\${SCHEME}\shell\open\command" "" '"$INSTDIR\${APPEXE}" "%1"'
  WriteRegStr HKCU "${CAPS}\URLAssociations" "${SCHEME}" "${LINKCLASS}"
!macroend

Section "!$(SecApp)" SecAppID
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; An update: the running copy ends first, so its file can be replaced.
  IfFileExists "$INSTDIR\${APPEXE}" 0 +2
    ExecWait '"$INSTDIR\${APPEXE}" quit'
  File "/oname=${APPEXE}" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0

  WriteRegStr HKCU "Software\Classes\${LINKCLASS}" "" "GXP Tray dial link"
  WriteRegStr HKCU "Software\Classes\${LINKCLASS}\DefaultIcon" "" '"$INSTDIR\${APPEXE}",0'
  WriteRegStr HKCU "Software\Classes\${LINKCLASS}\shell\open\command" "" '"$INSTDIR\${APPEXE}" "%1"'
  WriteRegStr HKCU "${CAPS}" "ApplicationName" "${APP}"
  WriteRegStr HKCU "${CAPS}" "ApplicationDescription" "Click-to-dial for Grandstream desk phones"
  !insertmacro Handler "tel"
  !insertmacro Handler "callto"
  WriteRegStr HKCU "Software\RegisteredApplications" "${APP}" "${CAPS}"

  WriteRegStr HKCU "${UNINST}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST}" "DisplayIcon" '"$INSTDIR\${APPEXE}",0'
  WriteRegStr HKCU "${UNINST}" "Publisher" "GXP Tray"
  WriteRegStr HKCU "${UNINST}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST}" "EstimatedSize" $0
SectionEnd

Section /o "$(SecLogin)" SecLoginID
  ExecWait '"$INSTDIR\${APPEXE}" autostart on'
SectionEnd

Function .onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/AUTOSTART=" $R1
  ${IfNot} ${Errors}
  ${AndIf} $R1 == "1"
    !insertmacro SelectSection ${SecLoginID}
  ${EndIf}
FunctionEnd

; Runs before the program is removed: its own commands delete the saved
; password (go-keyring's Credential Manager entry) while it is still there.
Section /o "un.$(SecPurge)" SecPurgeID
  ExecWait '"$INSTDIR\${APPEXE}" quit'
  ExecWait '"$INSTDIR\${APPEXE}" password --delete'
  RMDir /r "$APPDATA\gxptray"
  RMDir /r "$LOCALAPPDATA\gxptray"
SectionEnd

Section "-un.Program"
  ExecWait '"$INSTDIR\${APPEXE}" quit'
  ExecWait '"$INSTDIR\${APPEXE}" autostart off'
  ; The Run value, also if the program could not be started.
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${APP}"
  DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run" "${APP}"
  ; Only our own handlers: a tel: taken over by another program stays its.
  ReadRegStr $0 HKCU "Software\Classes\tel\shell\open\command" ""
  StrCmp $0 '"$INSTDIR\${APPEXE}" "%1"' 0 +2
    DeleteRegKey HKCU "Software\Classes\tel"
  ReadRegStr $0 HKCU "Software\Classes\callto\shell\open\command" ""
  StrCmp $0 '"$INSTDIR\${APPEXE}" "%1"' 0 +2
    DeleteRegKey HKCU "Software\Classes\callto"
  DeleteRegKey HKCU "Software\Classes\${LINKCLASS}"
  DeleteRegValue HKCU "Software\RegisteredApplications" "${APP}"
  DeleteRegKey HKCU "Software\GXP Tray"
  DeleteRegKey HKCU "${TOASTAPP}"
  DeleteRegKey HKCU "${TOASTCLSID}"
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$INSTDIR\${APPEXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST}"
SectionEnd

Function un.onInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE=" $R1
  ${IfNot} ${Errors}
  ${AndIf} $R1 == "1"
    !insertmacro SelectSection ${SecPurgeID}
  ${EndIf}
FunctionEnd
